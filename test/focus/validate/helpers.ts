/** Small readers of a validation report, so the tests say what they check. */
import type { RuleResult, ValidationReport } from '../../../src/focus/validate/index.ts';

export function result(report: ValidationReport, ruleId: string): RuleResult {
  const found = report.results.find((r) => r.ruleId === ruleId);
  if (!found) throw new Error(`no result for ${ruleId}`);
  return found;
}

/** Failing rules that check data themselves (not composites failing because of their children). */
export function failingChecks(report: ValidationReport): Record<string, number | 'missing'> {
  const out: Record<string, number | 'missing'> = {};
  for (const r of report.results) {
    if (r.status !== 'fail') continue;
    if (r.failingRows !== undefined) out[r.ruleId] = r.failingRows;
    else if (r.function === 'ColumnPresent') out[r.ruleId] = 'missing';
  }
  return out;
}

export function statuses(report: ValidationReport, ids: string[]): Record<string, string> {
  return Object.fromEntries(ids.map((id) => [id, result(report, id).status]));
}
