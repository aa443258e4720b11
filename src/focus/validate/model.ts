/**
 * The FOCUS requirements model as data: `model-1.2.json` from the FinOps Foundation's focus_validator
 * (MIT, see LICENSES/focus_validator-MIT.txt), read once per process from beside this file so the
 * validator never depends on anything outside the package at run time. The rule list always comes from
 * this file; nothing here restates a rule.
 *
 * The shape is checked on load (a damaged or re-shaped model fails loudly here instead of producing
 * silent passes later); check-function arguments stay loosely typed because the model itself is not
 * always regular (see known-defects.json).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FinopsError } from '../../errors.ts';

/** One node of a Requirement or Condition tree: `{ "CheckFunction": "CheckValue", "ColumnName": ..., "Value": ... }`. */
export interface CheckNode {
  CheckFunction?: string;
  Items?: CheckNode[];
  ModelRuleId?: string;
  ColumnName?: string;
  ColumnAName?: string;
  ColumnBName?: string;
  ResultColumnName?: string;
  Value?: unknown;
  ExpectedCount?: unknown;
  [argument: string]: unknown;
}

const nodeSchema = z.record(z.string(), z.unknown()).transform((node) => node as CheckNode);

export const keywords = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'RECOMMENDED', 'MAY'] as const;
export type Keyword = (typeof keywords)[number];

const ruleSchema = z.object({
  Function: z.string(),
  Reference: z.string(),
  EntityType: z.string(),
  Type: z.enum(['Static', 'Dynamic']),
  ApplicabilityCriteria: z.array(z.string()),
  ValidationCriteria: z.object({
    MustSatisfy: z.string(),
    Keyword: z.enum(keywords),
    Requirement: nodeSchema,
    Condition: nodeSchema.default({}),
    Dependencies: z.array(z.string()).default([]),
  }),
});

const modelSchema = z.object({
  Details: z.object({ ModelVersion: z.string(), FOCUSVersion: z.string() }),
  ApplicabilityCriteria: z.record(z.string(), z.object({ Description: z.string() })),
  CheckFunctions: z.record(z.string(), z.object({ Arguments: z.array(z.string()) })),
  ModelDatasets: z.record(z.string(), z.object({ ModelRules: z.array(z.string()) })),
  ModelRules: z.record(z.string(), ruleSchema),
});

export type ModelRule = z.infer<typeof ruleSchema>;
export type FocusModel = z.infer<typeof modelSchema>;

const modelFile = new URL('./model-1.2.json', import.meta.url);
let cached: FocusModel | undefined;

/** The bundled FOCUS 1.2 requirements model. */
export function loadModel(): FocusModel {
  if (cached) return cached;
  const parsed = modelSchema.safeParse(JSON.parse(readFileSync(modelFile, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FinopsError(`the FOCUS requirements model is malformed at ${issue?.path.join('.')}`, {
      file: modelFile.pathname,
      cause: parsed.error,
    });
  }
  cached = parsed.data;
  return cached;
}

/** True for an empty `{}` node (the model's way of saying "no condition"). */
export function isEmptyNode(node: CheckNode | undefined): boolean {
  return node === undefined || Object.keys(node).length === 0;
}

const columnArguments = ['ColumnName', 'ColumnAName', 'ColumnBName', 'ResultColumnName'] as const;

/** Every column a check tree reads, in first-mention order. */
export function columnsOf(node: CheckNode | undefined, into: string[] = []): string[] {
  if (!node) return into;
  for (const key of columnArguments) {
    const name = node[key];
    if (typeof name === 'string' && !into.includes(name)) into.push(name);
  }
  for (const item of node.Items ?? []) columnsOf(item, into);
  return into;
}
