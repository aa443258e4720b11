/**
 * How the delivered columns of one file layout become the normalized table: which header feeds which
 * column or map entry, with which type. The same plan drives CSV and Parquet reads; only the expression
 * that reads a delivered value differs.
 */
import { getOrCreate } from '../../map-cache.ts';
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';
import { JSON_OBJECT, type SqlType, TEXT } from '../../warehouse/types.ts';
import type { ColumnTarget, MapColumn } from './columns.ts';

export interface PlannedColumn {
  name: string;
  type: SqlType;
  /** Delivered headers feeding it; several only when two spellings normalize to one name. */
  headers: string[];
}

export interface PlannedMap {
  map: MapColumn;
  /** A delivered map column (CUR 2.0), or entries gathered from flat columns (legacy CUR). */
  whole?: string;
  entries: { key: string; header: string }[];
}

export interface ColumnPlan {
  columns: PlannedColumn[];
  maps: PlannedMap[];
  /** header -> the type it is read as */
  readTypes: Map<string, SqlType>;
  /** For the lineage table: header -> column or map entry. */
  lineage: { header: string; column: string; mapKey: string | null }[];
}

export function planColumns(
  headers: string[],
  targetOf: (header: string) => ColumnTarget,
  typeOf: (column: string, header: string) => SqlType,
): ColumnPlan {
  const columns = new Map<string, PlannedColumn>();
  const maps = new Map<MapColumn, PlannedMap>();
  const readTypes = new Map<string, SqlType>();
  const lineage: ColumnPlan['lineage'] = [];
  const mapOf = (map: MapColumn) => getOrCreate(maps, map, () => ({ map, entries: [] }) as PlannedMap);
  for (const header of headers) {
    const target = targetOf(header);
    if (target.kind === 'column') {
      const type = typeOf(target.name, header);
      const existing = columns.get(target.name);
      if (existing) existing.headers.push(header);
      else columns.set(target.name, { name: target.name, type, headers: [header] });
      readTypes.set(header, existing?.type ?? type);
      lineage.push({ header, column: target.name, mapKey: null });
    } else if (target.kind === 'map') {
      mapOf(target.map).entries.push({ key: target.key, header });
      readTypes.set(header, target.map === 'discount' ? typeOf(`discount_${target.key}`, header) : TEXT);
      lineage.push({ header, column: target.map, mapKey: target.key });
    } else {
      mapOf(target.map).whole = header;
      readTypes.set(header, TEXT);
      lineage.push({ header, column: target.map, mapKey: null });
    }
  }
  for (const m of maps.values()) keepDistinctKeys(m, lineage);
  return { columns: [...columns.values()], maps: [...maps.values()], readTypes, lineage };
}

/**
 * Tag keys are case-sensitive at AWS: `user:Environment` and `user:environment` are two tags, though
 * both normalize to `user_environment`. Keys that collide keep their case instead (`user_Environment`,
 * `user_environment`); only spellings that still collide (`cost-center`, `cost_center`) share a key.
 */
function keepDistinctKeys(map: PlannedMap, lineage: ColumnPlan['lineage']): void {
  const byKey = new Map<string, PlannedMap['entries']>();
  for (const e of map.entries) getOrCreate(byKey, e.key, () => []).push(e);
  for (const entries of byKey.values()) {
    if (entries.length < 2) continue;
    for (const e of entries) {
      const kept = e.header
        .slice(e.header.indexOf('/') + 1)
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_|_$/g, '');
      const line = lineage.find((l) => l.header === e.header);
      e.key = kept;
      if (line) line.mapKey = kept;
    }
  }
}

/**
 * The SELECT list that turns delivered columns into normalized ones. `value(header)` is the SQL that
 * reads a delivered value with its planned type; `wholeMap(header)` turns a delivered map column (JSON
 * text in CSV, a MAP in Parquet) into a JSON object.
 */
export function selectList(
  plan: ColumnPlan,
  value: (header: string) => string,
  wholeMap: (header: string) => string,
): string[] {
  const out = plan.columns.map((c) => {
    const expr =
      c.headers.length === 1 ? value(c.headers[0] as string) : `COALESCE(${c.headers.map(value).join(', ')})`;
    return `${expr} AS ${quoteIdent(c.name)}`;
  });
  for (const m of plan.maps) {
    const expr = m.whole ? wholeMap(m.whole) : entriesToJson(m.entries, value, m.map === 'discount');
    out.push(`${expr} AS ${quoteIdent(m.map)}`);
  }
  return out;
}

/**
 * Flat columns into one JSON object. Empty strings are how legacy CUR says "not set": those entries are
 * left out (concat_ws skips the NULLs). Two headers that normalize to one key are coalesced.
 */
function entriesToJson(
  entries: PlannedMap['entries'],
  value: (header: string) => string,
  numeric: boolean,
): string {
  const byKey = new Map<string, string[]>();
  for (const e of entries) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e.header]);
  const members = [...byKey].map(([key, headers]) => {
    const values = headers.map((h) => (numeric ? value(h) : `NULLIF(${value(h)}, '')`));
    const v = values.length === 1 ? (values[0] as string) : `COALESCE(${values.join(', ')})`;
    return `CASE WHEN ${v} IS NOT NULL THEN ${quoteLiteral(`${JSON.stringify(key)}:`)} || to_json(${v}) END`;
  });
  return `CAST('{' || concat_ws(',', ${members.join(', ')}) || '}' AS ${JSON_OBJECT})`;
}
