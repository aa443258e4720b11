/**
 * FOCUS conformance of a relation against the FinOps Foundation's requirements model:
 *   model + known defects -> reached rules -> plan (per rule: skip / row / dataset / composite)
 *   -> one scan for every row rule -> one scan for the failing rules' examples
 *   -> dataset checks -> composite roll-up -> report.
 * Read-only: it only runs SELECTs, so it works on a warehouse opened read-only.
 */
import { FinopsError } from '../../errors.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type Columns, describeRelation } from './columns.ts';
import { checkDistinct, checkPresent } from './dataset-checks.ts';
import { correctedRules, defectNotes, loadKnownDefects } from './defects.ts';
import { type FocusModel, loadModel } from './model.ts';
import { type PlannedRule, planRules } from './plan.ts';
import { type Outcome, rollUp, summarize } from './rollup.ts';
import { fetchExamples, type RowCheck, type Source, scanRows } from './scan.ts';
import type { ValidateOptions, ValidationReport } from './types.ts';
import { reachRules } from './walk.ts';

const dataset = 'CostAndUsage';

/** Columns shown with every example (when present), so an offending row can be found again. */
const locatingColumns = [
  'ChargeCategory',
  'ServiceName',
  'ChargePeriodStart',
  'ResourceId',
  'BillingAccountId',
];

export async function validateFocus(w: Warehouse, options: ValidateOptions): Promise<ValidationReport> {
  const model = loadModel();
  const supported = supportedCriteria(model, options);
  const defects = loadKnownDefects(model);
  const roots = model.ModelDatasets[dataset]?.ModelRules ?? [];
  const reached = reachRules(correctedRules(model, defects), roots);
  const columns = await describeRelation(w, options.relation);
  const planned = planRules(reached, { columns, supported, defects });
  const source: Source = { relation: options.relation, where: options.where };
  const limit = options.examples ?? 3;

  const { rows, leaves } = await evaluateRows(w, source, planned, limit, columns);
  await evaluateDataset(w, source, planned, columns, limit, leaves);
  for (const { id, plan } of planned) {
    if (plan.kind === 'skip') leaves.set(id, { status: 'skip', reason: plan.reason });
  }

  const results = rollUp(planned, leaves);
  return {
    modelVersion: model.Details.ModelVersion,
    dataset,
    rows,
    results,
    summary: summarize(results),
    knownDefects: defectNotes(defects),
  };
}

/** The model's applicability criteria, for help texts and error messages. */
export function applicabilityCriteria(): { name: string; description: string }[] {
  return Object.entries(loadModel().ApplicabilityCriteria).map(([name, c]) => ({
    name,
    description: c.Description,
  }));
}

/** The declared criteria, checked against the model so a typo is an error rather than silent skips. */
function supportedCriteria(model: FocusModel, options: ValidateOptions): 'all' | Set<string> {
  if (options.applicability === 'all') return 'all';
  const known = Object.keys(model.ApplicabilityCriteria);
  const unknown = options.applicability.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new FinopsError(`unknown applicability criteria: ${unknown.join(', ')}`, {
      kind: 'usage',
      hint: `use 'all' or any of ${known.join(', ')}`,
    });
  }
  return new Set(options.applicability);
}

async function evaluateRows(
  w: Warehouse,
  source: Source,
  planned: PlannedRule[],
  limit: number,
  columns: Columns,
): Promise<{ rows: number; leaves: Map<string, Outcome> }> {
  const checks: RowCheck[] = [];
  for (const rule of planned) {
    if (rule.plan.kind !== 'row') continue;
    const { requirement, condition, columns: shown, failure } = rule.plan;
    checks.push({ id: rule.id, requirement, condition, columns: shown, failure });
  }
  const { rows, failing } = await scanRows(w, source, checks);
  const failed = checks.filter((check) => (failing.get(check.id) ?? 0) > 0);
  const locating = locatingColumns.filter((name) => columns.has(name));
  const examples = await fetchExamples(w, source, failed, limit, locating);
  const leaves = new Map<string, Outcome>();
  for (const check of checks) {
    const count = failing.get(check.id) ?? 0;
    leaves.set(
      check.id,
      count === 0
        ? { status: 'pass', failingRows: 0 }
        : { status: 'fail', failingRows: count, examples: examples.get(check.id), reason: check.failure },
    );
  }
  return { rows, leaves };
}

async function evaluateDataset(
  w: Warehouse,
  source: Source,
  planned: PlannedRule[],
  columns: Columns,
  limit: number,
  leaves: Map<string, Outcome>,
): Promise<void> {
  for (const rule of planned) {
    const plan = rule.plan;
    if (plan.kind === 'present') leaves.set(rule.id, checkPresent(columns, plan.column));
    if (plan.kind === 'distinct') leaves.set(rule.id, await checkDistinct(w, source, plan, limit));
  }
}
