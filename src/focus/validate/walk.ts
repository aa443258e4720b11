/**
 * Which rules a dataset is validated against: ModelDatasets.<dataset> names its root rules, and every
 * rule they reach through CheckModelRule items of a composite (AND/OR) requirement is in. Rules that are
 * only named in `Dependencies` (the Attribute rules such as NullHandling, mostly Dynamic) are not
 * reached; that is the model's composite structure, not a list kept here.
 *
 * A composite's context flows down to what it contains: its applicability criteria (a child of
 * "AvailabilityZone-C-000-C" needs AVAILABILITY_ZONE_SUPPORTED too) and its Condition ("When
 * ListUnitPrice is not null, ListUnitPrice adheres to ..." filters the rows of every child).
 */
import { FinopsError } from '../../errors.ts';
import { type CheckNode, isEmptyNode, type ModelRule } from './model.ts';

export interface ReachedRule {
  id: string;
  rule: ModelRule;
  /** Applicability criteria of the rule and of every composite above it. */
  criteria: string[];
  /** Conditions of the composites above it, outermost first (the rule's own Condition is not included). */
  inheritedConditions: CheckNode[];
  /** Rules this one combines, when its requirement is a composite of CheckModelRule items. */
  children: string[];
}

/** The rules reachable from `roots`, parents before children, each once. */
export function reachRules(rules: Record<string, ModelRule>, roots: string[]): ReachedRule[] {
  const reached = new Map<string, ReachedRule>();
  const visit = (id: string, criteria: string[], conditions: CheckNode[]) => {
    // A rule reached again (1.2 has two, both under the same unconditioned parent) keeps its first context.
    if (reached.has(id)) return;
    const rule = rules[id];
    if (!rule) throw new FinopsError(`the FOCUS model refers to rule ${id}, which it does not define`);
    const own = union(criteria, rule.ApplicabilityCriteria);
    const entry: ReachedRule = {
      id,
      rule,
      criteria: own,
      inheritedConditions: conditions,
      children: childRuleIds(rule.ValidationCriteria.Requirement),
    };
    reached.set(id, entry);
    const condition = rule.ValidationCriteria.Condition;
    const below = isEmptyNode(condition) ? conditions : [...conditions, condition];
    for (const child of entry.children) visit(child, own, below);
  };
  for (const root of roots) visit(root, [], []);
  return [...reached.values()];
}

/** The rule ids of a requirement made of CheckModelRule items (directly or as the items of AND/OR). */
export function childRuleIds(requirement: CheckNode): string[] {
  if (requirement.CheckFunction === 'CheckModelRule' && typeof requirement.ModelRuleId === 'string') {
    return [requirement.ModelRuleId];
  }
  return (requirement.Items ?? []).flatMap((item) =>
    item.CheckFunction === 'CheckModelRule' && typeof item.ModelRuleId === 'string' ? [item.ModelRuleId] : [],
  );
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}
