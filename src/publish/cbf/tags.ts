/**
 * FOCUS Tags (one JSON object per row) as CBF `resource/tag:<key>` columns: one column per tag key that
 * occurs in the month. CloudZero allows in a key only "letters, numbers, and the following special
 * characters _ . : / = + - @", no spaces (docs.cloudzero.com/docs/anycost-common-bill-format-cbf,
 * `resource/tag:<key>`). Other characters become `_` (`Cost Center` -> `Cost_Center`), which keeps keys
 * readable where CloudZero's own OCI adaptor deletes them; keys that then collide share one column.
 */
import type { Logger } from '../../log.ts';
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type CbfScope, cbfSql, scopeParams } from './columns.ts';

export interface TagColumn {
  /** `resource/tag:<reduced key>` */
  column: string;
  /** The tag keys of the data that fill it; a row with several gets the first one's value. */
  keys: string[];
}

/** A tag key reduced to CloudZero's allowed characters. */
export function cbfTagKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_.:/=+@-]/g, '_');
}

/** One column per reduced key, in key order; keys that reduce to the same text share it. */
export function planTagColumns(keys: readonly string[], logger?: Logger): TagColumn[] {
  const byColumn = new Map<string, string[]>();
  for (const key of [...keys].sort()) {
    if (key === '') {
      logger?.warn('a tag with an empty key is left out: CBF has no column for it');
      continue;
    }
    const column = `resource/tag:${cbfTagKey(key)}`;
    byColumn.set(column, [...(byColumn.get(column) ?? []), key]);
  }
  const columns = [...byColumn].map(([column, sources]) => ({ column, keys: sources }));
  for (const c of columns.filter((c) => c.keys.length > 1)) {
    logger?.warn(
      `tag keys ${c.keys.map((k) => JSON.stringify(k)).join(', ')} all become ${c.column}; ` +
        'a row with several of them gets the first (in that order)',
    );
  }
  return columns.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}

/** The tag keys on rows of the scope that have a resource id. */
export async function tagKeys(w: Warehouse, scope: CbfScope): Promise<string[]> {
  const rows = await w.all<{ key: string }>(cbfSql('tag-keys.sql'), scopeParams(scope));
  return rows.map((r) => r.key);
}

/**
 * The column's expression for rows.sql: the tag's value on rows with a resource id, blank elsewhere
 * (CBF: "Using this column requires that resource/id be populated"). Keys from data reach SQL only as
 * quoted JSON paths (`$."key"`), so any character in a key is safe.
 */
export function tagColumnSql(tag: TagColumn): string {
  const values = tag.keys.map((key) => `json_extract_string(Tags, ${quoteLiteral(jsonPath(key))})`);
  const value = values.length === 1 ? values[0] : `coalesce(${values.join(', ')})`;
  return `CASE WHEN nullif(ResourceId, '') IS NOT NULL THEN ${value} END AS ${quoteIdent(tag.column)}`;
}

function jsonPath(key: string): string {
  return `$."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
