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

/**
 * `table` is a quoted, schema-qualified table name (e.g. `"focus"."aws_2024_03__stage_7"`). The table is
 * rebuilt under a temporary name and renamed back, so a failure leaves it as it was.
 */
export async function applyTagPolicy(
  w: Warehouse,
  table: string,
  policy: TagPolicy | undefined,
): Promise<void> {
  if (!policy) return;
  const { schema, name } = splitQualified(table);
  const rebuilt = `${name}__governed`;
  const target = `${quoteIdent(schema)}.${quoteIdent(rebuilt)}`;
  const present = await existingGovernanceColumns(w, schema, name);
  const { checks, params } = policyParams(policy);
  const sql = fillTemplate(readSql(import.meta.url, 'apply-tag-policy.sql'), {
    source: table,
    target,
    checks: checks.join(',\n                 ') || 'NULL',
    exclude: present.length ? `EXCLUDE (${present.map(quoteIdent).join(', ')})` : '',
  });
  await w.run(`DROP TABLE IF EXISTS ${target}`);
  try {
    await w.run(sql, params);
    await w.run(`DROP TABLE ${table}`);
    await w.run(`ALTER TABLE ${target} RENAME TO ${quoteIdent(name)}`);
  } catch (error) {
    await w.run(`DROP TABLE IF EXISTS ${target}`).catch(() => undefined);
    throw error;
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

async function existingGovernanceColumns(w: Warehouse, schema: string, table: string): Promise<string[]> {
  const rows = await w.all<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = $schema AND table_name = $table AND column_name IN (${governanceColumns.map((_, i) => `$c${i}`).join(', ')})`,
    { schema, table, ...Object.fromEntries(governanceColumns.map((c, i) => [`c${i}`, c])) },
  );
  return rows.map((r) => r.name);
}

/** `"schema"."table"` back into its parts (the loaders pass names built with `qualified`). */
function splitQualified(table: string): { schema: string; name: string } {
  const match = /^"((?:[^"]|"")+)"\."((?:[^"]|"")+)"$/.exec(table);
  if (!match) throw new Error(`applyTagPolicy needs a "schema"."table" name, not ${table}`);
  const unquote = (s: string) => s.replace(/""/g, '"');
  return { schema: unquote(match[1] as string), name: unquote(match[2] as string) };
}
