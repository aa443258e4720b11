/**
 * Turns leaf outcomes into one RuleResult per rule. A composite's status follows its children:
 *   AND: fails when a child that counts fails; passes when any child was evaluated; skipped when every
 *        child was skipped.
 *   OR:  passes when any child passes; fails when none passes and a child that counts fails.
 * Under a binding composite (MUST / MUST NOT) only binding children count: a failing SHOULD child is
 * advice, not non-conformance, and is named in the parent's reason instead. Under an advisory composite
 * (SHOULD, RECOMMENDED) every child counts. So the dataset's root rule fails exactly when some binding
 * rule fails outside advisory composites.
 */
import { describeDefect } from './defects.ts';
import type { PlannedRule } from './plan.ts';
import type { RuleLevel, RuleResult, RuleStatus, ValidationReport } from './types.ts';

export interface Outcome {
  status: RuleStatus;
  failingRows?: number;
  examples?: Record<string, unknown>[];
  reason?: string;
}

const levels: Record<string, RuleLevel> = { M: 'Mandatory', C: 'Conditional', O: 'Optional' };

export function levelOf(ruleId: string): RuleLevel {
  return levels[ruleId.slice(-1)] ?? 'Optional';
}

export function isBinding(keyword: string): boolean {
  return keyword === 'MUST' || keyword === 'MUST NOT';
}

/** Results for every planned rule, sorted by rule id; `leaves` holds the outcome of every non-composite. */
export function rollUp(planned: PlannedRule[], leaves: Map<string, Outcome>): RuleResult[] {
  const byId = new Map(planned.map((rule) => [rule.id, rule]));
  const resolved = new Map<string, Outcome>();
  const resolve = (id: string): Outcome => {
    const known = resolved.get(id);
    if (known) return known;
    const rule = byId.get(id);
    const plan = rule?.plan;
    const outcome =
      plan?.kind === 'composite'
        ? combine(
            plan.op,
            isBinding(rule?.rule.ValidationCriteria.Keyword ?? 'MUST'),
            plan.ruleIds.map((child) => ({ id: child, rule: byId.get(child), outcome: resolve(child) })),
          )
        : (leaves.get(id) ?? { status: 'skip', reason: 'not evaluated' });
    resolved.set(id, outcome);
    return outcome;
  };
  return planned
    .map((rule) => toResult(rule, resolve(rule.id)))
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

interface Child {
  id: string;
  rule: PlannedRule | undefined;
  outcome: Outcome;
}

function combine(op: 'AND' | 'OR', bindingParent: boolean, children: Child[]): Outcome {
  const counts = (c: Child) => !bindingParent || isBinding(c.rule?.rule.ValidationCriteria.Keyword ?? 'MUST');
  const failed = children.filter((c) => c.outcome.status === 'fail');
  const bindingFailures = failed.filter(counts);
  const advisory = failed.filter((c) => !counts(c));
  const note = advisory.length > 0 ? `; advisory rules failed: ${ids(advisory)}` : '';
  if (children.every((c) => c.outcome.status === 'skip')) {
    return { status: 'skip', reason: `all ${children.length} rules it combines were skipped` };
  }
  if (op === 'OR' && children.some((c) => c.outcome.status === 'pass')) return { status: 'pass' };
  if (bindingFailures.length > 0 && (op === 'AND' || bindingFailures.length === failed.length)) {
    return { status: 'fail', reason: `failed: ${ids(bindingFailures)}${note}` };
  }
  return note ? { status: 'pass', reason: note.slice(2) } : { status: 'pass' };
}

function ids(children: Child[]): string {
  return children.map((c) => c.id).join(', ');
}

function toResult(rule: PlannedRule, outcome: Outcome): RuleResult {
  const criteria = rule.rule.ValidationCriteria;
  const result: RuleResult = {
    ruleId: rule.id,
    reference: rule.rule.Reference,
    function: rule.rule.Type === 'Dynamic' ? 'Dynamic' : (criteria.Requirement.CheckFunction ?? 'none'),
    keyword: criteria.Keyword,
    level: levelOf(rule.id),
    status: outcome.status,
    mustSatisfy: criteria.MustSatisfy,
  };
  if (outcome.failingRows !== undefined) result.failingRows = outcome.failingRows;
  if (outcome.examples && outcome.examples.length > 0) result.examples = outcome.examples;
  if (outcome.reason) result.reason = outcome.reason;
  if (rule.defect) result.defect = describeDefect(rule.defect);
  return result;
}

export function summarize(results: RuleResult[]): ValidationReport['summary'] {
  const summary = { pass: 0, fail: 0, skip: 0, mandatoryFailures: 0 };
  for (const r of results) {
    summary[r.status] += 1;
    if (r.status === 'fail' && r.level === 'Mandatory' && isBinding(r.keyword))
      summary.mandatoryFailures += 1;
  }
  return summary;
}
