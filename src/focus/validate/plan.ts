/**
 * Decides, for every reached rule, how it is evaluated: skipped (and why), a row check for the single
 * scan, a dataset check (column presence, distinct count), or a composite whose status follows its
 * children. Nothing runs here; the plan is pure, so it is cheap to test and to print.
 *
 * Skip reasons, first match wins: a known defect that cannot be evaluated, applicability criteria the
 * provider does not support, a Dynamic rule, a MAY rule (a permission cannot be violated), a column the
 * rule reads that is not in the dataset.
 */
import { ModelShapeError, type SqlContext } from './checks.ts';
import type { Columns } from './columns.ts';
import type { KnownDefect } from './defects.ts';
import { type CheckNode, columnsOf, isEmptyNode } from './model.ts';
import { translate, translateRow } from './translate.ts';
import type { ReachedRule } from './walk.ts';

export type Plan =
  | { kind: 'skip'; reason: string }
  | { kind: 'row'; requirement: string; condition?: string; columns: string[]; failure?: string }
  | { kind: 'present'; column: string }
  | { kind: 'distinct'; columnA: string; columnB: string; expected: number; condition?: string }
  | { kind: 'composite'; op: 'AND' | 'OR'; ruleIds: string[] };

export interface PlannedRule extends ReachedRule {
  plan: Plan;
  defect?: KnownDefect;
}

export interface PlanInput {
  columns: Columns;
  /** Declared applicability criteria; `all` declares every one. */
  supported: 'all' | ReadonlySet<string>;
  defects: ReadonlyMap<string, KnownDefect>;
}

export function planRules(reached: ReachedRule[], input: PlanInput): PlannedRule[] {
  const ctx: SqlContext = {
    column(name) {
      const column = input.columns.get(name);
      if (!column) throw new ModelShapeError(`column ${name} is not in the relation`);
      return column;
    },
  };
  return reached.map((rule) => {
    const defect = input.defects.get(rule.id);
    return { ...rule, defect, plan: planOne(rule, input, ctx, defect) };
  });
}

function planOne(rule: ReachedRule, input: PlanInput, ctx: SqlContext, defect?: KnownDefect): Plan {
  const criteria = rule.rule.ValidationCriteria;
  if (defect?.treatment === 'skip') return skip(`known model defect: ${defect.why}`);
  const supported = input.supported;
  const missing = supported === 'all' ? [] : rule.criteria.filter((c) => !supported.has(c));
  if (missing.length > 0) return skip(`applies only when the provider declares ${missing.join(', ')}`);
  if (rule.rule.Type === 'Dynamic') return skip('Dynamic rule: the model does not make it machine-checkable');
  if (criteria.Keyword === 'MAY') return skip('MAY grants a permission; no data can break it');
  if (isEmptyNode(criteria.Requirement)) return skip('the model gives this Static rule no requirement');
  try {
    return planCheck(rule, input, ctx);
  } catch (error) {
    if (error instanceof ModelShapeError) return skip(`cannot evaluate the model's check: ${error.message}`);
    throw error;
  }
}

function planCheck(rule: ReachedRule, input: PlanInput, ctx: SqlContext): Plan {
  const { Requirement: requirement, Condition: condition } = rule.rule.ValidationCriteria;
  if (rule.children.length > 0 || requirement.CheckFunction === 'ColumnPresent') {
    const translated = translate(requirement, ctx);
    if (translated.kind === 'rules')
      return { kind: 'composite', op: translated.op, ruleIds: translated.ruleIds };
    if (translated.kind === 'present') return { kind: 'present', column: translated.column };
    throw new ModelShapeError('a composite must combine CheckModelRule items only');
  }
  const conditions = isEmptyNode(condition)
    ? rule.inheritedConditions
    : [...rule.inheritedConditions, condition];
  const needed = columnsOf(requirement);
  for (const node of conditions) columnsOf(node, needed);
  const absent = needed.filter((name) => !input.columns.has(name));
  if (absent.length > 0) {
    return skip(`reads ${absent.join(', ')}, which ${absent.length === 1 ? 'is' : 'are'} not in the dataset`);
  }
  const conditionSql = conditionOf(conditions, ctx);
  const translated = translate(requirement, ctx);
  if (translated.kind === 'row') {
    const { sql, failure } = translated;
    return { kind: 'row', requirement: sql, condition: conditionSql, columns: needed, failure };
  }
  if (translated.kind === 'distinct') return { ...translated, condition: conditionSql };
  throw new ModelShapeError(`${requirement.CheckFunction} cannot be a leaf requirement`);
}

function conditionOf(conditions: CheckNode[], ctx: SqlContext): string | undefined {
  if (conditions.length === 0) return undefined;
  return conditions.map((node) => translateRow(node, ctx)).join(' AND ');
}

function skip(reason: string): Plan {
  return { kind: 'skip', reason };
}
