/**
 * Applies the tag policy to a staged FOCUS table, in place, before a load swaps it in: every source's
 * loader calls `applyTagPolicy(w, stagedTable, policy)` after mapping to FOCUS. The delivered `Tags`
 * stay as they are; the policy's result goes beside them (apply-tag-policy.sql says which columns).
 * Without a policy it does nothing, so loads without governance cost nothing extra.
 *
 * Re-applying to a table that already has the columns replaces them, which is how `finops tags apply`
 * brings loaded periods up to a changed policy.
 */
import { fillTemplate, quoteIdent, readSql } from '../warehouse/sql.ts';
import type { Params, Warehouse } from '../warehouse/warehouse.ts';
import type { TagKeyRule, TagPolicy } from './policy.ts';

/** The columns the policy adds to FOCUS rows. */
export const governanceColumns = [
  'x_NormalizedTags',
  'x_TagViolations',
  'x_TagCompliance',
  'x_Owner',
] as const;

const columnTypes: Record<(typeof governanceColumns)[number], string> = {
  x_NormalizedTags: 'JSON',
  x_TagViolations: 'VARCHAR',
  x_TagCompliance: 'VARCHAR',
  x_Owner: 'VARCHAR',
};

/**
 * `table` is a quoted, schema-qualified table name (e.g. `"focus"."aws_2024_03__stage_7"`). The policy
 * is evaluated per distinct Tags value into a temporary table, then the columns are added (when missing)
 * and set with one UPDATE: on 200,000 CUR rows that is a tenth of a second, where rebuilding the table
 * would copy every column.
 */
export async function applyTagPolicy(
  w: Warehouse,
  table: string,
  policy: TagPolicy | undefined,
): Promise<void> {
  if (!policy) return;
  const { checks, params } = policyParams(policy);
  const sql = fillTemplate(readSql(import.meta.url, 'apply-tag-policy.sql'), {
    source: table,
    checks: checks.join(',\n                 ') || 'NULL',
  });
  try {
    await w.run(sql, params);
    for (const c of governanceColumns) {
      await w.run(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${quoteIdent(c)} ${columnTypes[c]}`);
    }
    const set = governanceColumns.map((c) => `${quoteIdent(c)} = p.${quoteIdent(c)}`).join(', ');
    await w.run(
      `UPDATE ${table} AS t SET ${set} FROM gov_tag_policy AS p
       WHERE p.tags_text = coalesce(CAST(t.Tags AS VARCHAR), '{}')`,
    );
  } finally {
    await w.run('DROP TABLE IF EXISTS gov_tag_policy').catch(() => undefined);
  }
}

/** The bound values of the policy, and one SQL check per rule of a key (values go in as parameters). */
export function policyParams(policy: TagPolicy): { checks: string[]; params: Params } {
  const keyMatch: string[] = [];
  const keyCanonical: string[] = [];
  const valueFrom: string[] = [];
  const valueTo: string[] = [];
  const upperKeys = policy.keys.filter((k) => k.case === 'upper').map((k) => k.key);
  const lowerKeys = policy.keys.filter((k) => k.case === 'lower').map((k) => k.key);
  const params: Params = { ownerKey: policy.ownerKey, unallocated: policy.unallocated };
  const checks: string[] = [];
  policy.keys.forEach((k, i) => {
    for (const m of k.matches) {
      keyMatch.push(m);
      keyCanonical.push(k.key);
    }
    for (const [from, to] of Object.entries(k.valueAliases)) {
      valueFrom.push(`${k.key}\u001f${from}`);
      valueTo.push(to);
    }
    checks.push(keyCheck(k, i, params));
  });
  // Lists go in as JSON text: DuckDB cannot bind an empty list parameter.
  const lists = { keyMatch, keyCanonical, valueFrom, valueTo, upperKeys, lowerKeys };
  for (const [name, list] of Object.entries(lists)) params[name] = JSON.stringify(list);
  return { checks, params };
}

function keyCheck(k: TagKeyRule, i: number, params: Params): string {
  const value = `map_extract_value(tags, $key${i})`;
  const rules: string[] = [];
  if (k.values) {
    params[`values${i}`] = JSON.stringify(k.values);
    rules.push(`NOT list_contains(from_json($values${i}, '["VARCHAR"]'), ${value})`);
  }
  if (k.pattern) {
    params[`pattern${i}`] = k.pattern;
    rules.push(`NOT regexp_full_match(${value}, $pattern${i})`);
  }
  const invalid = rules.length ? `WHEN ${rules.join(' OR ')} THEN 'invalid:' || $key${i}` : '';
  if (k.required || invalid) params[`key${i}`] = k.key;
  if (k.required) return `CASE WHEN ${value} IS NULL THEN 'missing:' || $key${i} ${invalid} END`;
  return invalid ? `CASE WHEN ${value} IS NULL THEN NULL ${invalid} END` : 'NULL';
}
