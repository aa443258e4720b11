/**
 * Known defects of the requirements model (known-defects.json): rules whose machine form contradicts
 * their own sentence. The list is data, one entry and one sentence per rule, so a reviewer reads every
 * deviation from the model in one place and a new model version starts from an empty list.
 *
 * `correct` entries replace the rule's Requirement and/or Condition before the rules are walked (a
 * corrected composite can change which rules are reached); `skip` entries are reported as skipped.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FinopsError } from '../../errors.ts';
import type { CheckNode, FocusModel, ModelRule } from './model.ts';
import type { KnownDefectNote } from './types.ts';

const nodeSchema = z.record(z.string(), z.unknown()).transform((node) => node as CheckNode);

const defectSchema = z.object({
  ruleId: z.string(),
  treatment: z.enum(['correct', 'skip']),
  source: z.string(),
  why: z.string().min(1),
  Requirement: nodeSchema.optional(),
  Condition: nodeSchema.optional(),
});

const fileSchema = z.object({ modelVersion: z.string(), defects: z.array(defectSchema) });

export type KnownDefect = z.infer<typeof defectSchema>;

const defectsFile = new URL('./known-defects.json', import.meta.url);

/** The known defects for `modelVersion`, checked against the model they patch. */
export function loadKnownDefects(model: FocusModel): Map<string, KnownDefect> {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(defectsFile, 'utf8')));
  if (!parsed.success) {
    throw new FinopsError('known-defects.json is malformed', {
      file: defectsFile.pathname,
      cause: parsed.error,
    });
  }
  const defects = new Map<string, KnownDefect>();
  if (parsed.data.modelVersion !== model.Details.ModelVersion) return defects;
  for (const defect of parsed.data.defects) {
    // A stale entry must not silently patch nothing: the list and the model are kept in step.
    if (!model.ModelRules[defect.ruleId]) {
      throw new FinopsError(`known-defects.json names ${defect.ruleId}, which is not in the model`, {
        file: defectsFile.pathname,
      });
    }
    defects.set(defect.ruleId, defect);
  }
  return defects;
}

/** The model's rules with every `correct` entry applied; the model itself is left untouched. */
export function correctedRules(
  model: FocusModel,
  defects: Map<string, KnownDefect>,
): Record<string, ModelRule> {
  const rules = { ...model.ModelRules };
  for (const defect of defects.values()) {
    const rule = rules[defect.ruleId];
    if (!rule || defect.treatment !== 'correct') continue;
    rules[defect.ruleId] = {
      ...rule,
      ValidationCriteria: {
        ...rule.ValidationCriteria,
        Requirement: defect.Requirement ?? rule.ValidationCriteria.Requirement,
        Condition: defect.Condition ?? rule.ValidationCriteria.Condition,
      },
    };
  }
  return rules;
}

/** How a result states the defect: the treatment, then the sentence from the list. */
export function describeDefect(defect: KnownDefect): string {
  const how = defect.treatment === 'correct' ? 'evaluated as intended' : 'not evaluated';
  return `model defect (${how}): ${defect.why}`;
}

export function defectNotes(defects: Map<string, KnownDefect>): KnownDefectNote[] {
  return [...defects.values()].map((d) => ({
    ruleId: d.ruleId,
    treatment: d.treatment === 'correct' ? 'corrected' : 'skipped',
    why: d.why,
  }));
}
