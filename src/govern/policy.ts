/**
 * The governance policy as plain data, compiled from configuration: the tag registry (canonical keys,
 * the spellings that mean them, allowed values) and the allocation rules. Loaders, reports and the
 * dashboard take this, never the raw configuration, so every caller applies the same rules.
 */
import type { AllocationRuleConfig, RowFilterConfig, TagPolicyConfig } from '../config/govern.ts';

export interface TagKeyRule {
  /** The canonical key, as normalized tags carry it (`cost_center`). */
  key: string;
  /** Match forms (lower-case letters and digits) of the key and its aliases. */
  matches: string[];
  required: boolean;
  /** Allowed values in their normalized spelling. */
  values?: string[];
  /** A regular expression the whole normalized value must match. */
  pattern?: string;
  case: 'keep' | 'upper' | 'lower';
  /** Delivered value (lower case, trimmed) -> normalized value. */
  valueAliases: Record<string, string>;
}

export interface TagPolicy {
  keys: TagKeyRule[];
  /** The canonical key whose value is a compliant row's owner. */
  ownerKey: string;
  /** The owner of non-compliant rows. */
  unallocated: string;
  alert?: { maxUntaggedPercent?: number; maxUntaggedCost?: number };
}

export type RowFilter = RowFilterConfig;

export interface AllocationRule {
  name: string;
  description?: string;
  pool: RowFilter;
  method: 'fixed' | 'proportional' | 'usage';
  targetKey: string;
  /** fixed: every target with its percent (as decimal text); others: an optional list of targets. */
  targets?: string[];
  shares?: { target: string; percent: string }[];
  usage?: RowFilter;
  weightCost: 'EffectiveCost' | 'BilledCost';
}

export interface Governance {
  tags?: TagPolicy;
  rules: AllocationRule[];
}

/** Letters and digits, lower case: how a delivered key is compared (`Cost Center` -> `costcenter`). */
export const matchForm = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

export function compileTagPolicy(config: TagPolicyConfig): TagPolicy {
  const keys = Object.entries(config.keys).map(([key, rule]): TagKeyRule => {
    const valueAliases: Record<string, string> = {};
    for (const v of rule.values ?? []) valueAliases[v.trim().toLowerCase()] = v;
    for (const [from, to] of Object.entries(rule.value_aliases)) valueAliases[from.trim().toLowerCase()] = to;
    return {
      key,
      matches: [...new Set([key, ...rule.aliases].map(matchForm).filter(Boolean))],
      required: rule.required,
      case: rule.case,
      values: rule.values,
      pattern: rule.pattern,
      valueAliases,
    };
  });
  const ownerKey = config.owner_key ?? keys.find((k) => k.required)?.key ?? (keys[0] as TagKeyRule).key;
  return {
    keys,
    ownerKey,
    unallocated: config.unallocated,
    alert: config.alert && {
      maxUntaggedPercent: config.alert.max_untagged_percent,
      maxUntaggedCost: config.alert.max_untagged_cost,
    },
  };
}

export function compileRule(config: AllocationRuleConfig): AllocationRule {
  return {
    name: config.name,
    description: config.description,
    pool: config.pool,
    method: config.method,
    targetKey: config.target_key,
    targets: config.method === 'fixed' ? Object.keys(config.shares ?? {}) : config.targets,
    shares: config.shares
      ? Object.entries(config.shares).map(([target, p]) => ({ target, percent: String(p) }))
      : undefined,
    usage: config.usage,
    weightCost: config.weight_cost,
  };
}
