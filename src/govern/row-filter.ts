/**
 * A rule's row filter (provider, account, service, resource, SKU, tags) as a SQL condition over FOCUS
 * rows with the governance columns. Values go in as bound parameters (named with `prefix`, so several
 * filters can share one statement); tag keys too, since `->>` takes its key as a value.
 */
import type { Params } from '../warehouse/warehouse.ts';
import type { RowFilter } from './policy.ts';

const list = (param: string) => `from_json($${param}, '["VARCHAR"]')`;

/** The row's tags for rules: the normalized ones when the policy ran, the delivered ones otherwise. */
export const RULE_TAGS = 'coalesce(x_NormalizedTags, Tags)';

export function filterSql(filter: RowFilter, prefix: string): { sql: string; params: Params } {
  const params: Params = {};
  const parts: string[] = [];
  const anyOf = (name: string, values: string[] | undefined, columns: string[]) => {
    if (!values) return;
    params[`${prefix}_${name}`] = JSON.stringify(values);
    parts.push(`(${columns.map((c) => `list_contains(${list(`${prefix}_${name}`)}, ${c})`).join(' OR ')})`);
  };
  anyOf('provider', filter.provider, ['coalesce(ServiceProviderName, ProviderName)']);
  anyOf('account', filter.account, ['SubAccountId', 'SubAccountName']);
  anyOf('service', filter.service, ['ServiceName']);
  anyOf('resource', filter.resource, ['ResourceId']);
  anyOf('sku', filter.sku, ['SkuId']);
  Object.entries(filter.tags ?? {}).forEach(([key, value], i) => {
    params[`${prefix}_tk${i}`] = key;
    params[`${prefix}_tv${i}`] = value;
    parts.push(`(${RULE_TAGS}->>$${prefix}_tk${i}) = $${prefix}_tv${i}`);
  });
  return { sql: parts.length ? parts.map((p) => `coalesce(${p}, false)`).join(' AND ') : 'false', params };
}

/**
 * A row's value of the target key, when it is usable: present, non-empty and not flagged missing or
 * invalid by the tag policy. `$param` holds the key.
 */
export function targetValueSql(param: string): string {
  return `CASE WHEN list_has_any(string_split(coalesce(x_TagViolations, ''), ','),
                               ['missing:' || $${param}, 'invalid:' || $${param}]) THEN NULL
            ELSE nullif(trim(${RULE_TAGS}->>$${param}), '') END`;
}
