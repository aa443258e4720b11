/**
 * How each engine spells the lake's tables and views. Athena runs DDL on Hive (backticks, `string`) and
 * views on its Trino engine (double quotes, `varchar`); Trino spells both its way; Spark SQL uses
 * backticks and Hive's type names. Literals follow each grammar: Hive and Spark escape with a
 * backslash (two quotes in a row there are two adjacent literals), Trino doubles the quote.
 */
import type { LakeColumn, PartitionKey } from './lake-table.ts';
import type { ViewDef, ViewItem } from './views.ts';

export type Grammar = 'hive' | 'trino' | 'spark';
export type EngineName = 'athena' | 'trino' | 'spark';

export interface CatalogTable {
  name: string;
  description: string;
  partitionKeys: PartitionKey[];
  /** Every column the lake's files have had (the table never loses one). */
  columns: LakeColumn[];
  /** Folder URL ending in `/`. */
  location: string;
}

export interface CatalogModel {
  /** The lake's root URL, ending in `/`. */
  location: string;
  tables: CatalogTable[];
  /** Provider slugs of focus_costs (Athena's projection enum). */
  providers: string[];
  /** The first billing period (Athena's projection range). */
  firstPeriod: string;
  views: ViewDef[];
}

export interface Dialect {
  name: EngineName;
  title: string;
  /** The grammar each kind of statement must parse with. */
  grammar: { ddl: Grammar; views: Grammar };
  createTable(t: CatalogTable, m: CatalogModel): string[];
  addColumns(table: string, columns: LakeColumn[]): string[];
  dropTable(table: string): string;
  dropView(view: string): string;
  view(v: ViewDef): string;
}

interface Spelling {
  quote(name: string): string;
  literal(value: string): string;
  type(lakeType: string): string;
  jsonGet(column: string, key: string): string;
}

function hiveType(t: string): string {
  const u = t.toUpperCase();
  if (u.startsWith('DECIMAL')) return u.toLowerCase();
  if (u.startsWith('TIMESTAMP')) return 'timestamp';
  return (
    { DATE: 'date', BIGINT: 'bigint', INTEGER: 'int', DOUBLE: 'double', BOOLEAN: 'boolean' }[u] ?? 'string'
  );
}

function trinoType(t: string): string {
  const h = hiveType(t);
  return h === 'string' ? 'varchar' : h === 'int' ? 'integer' : h;
}

const backslashLiteral = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const doubledLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

const trinoSpelling: Spelling = {
  quote: (n) => `"${n.replace(/"/g, '""')}"`,
  literal: doubledLiteral,
  type: trinoType,
  // Tag keys are restricted to characters a JSON path takes without escaping (views.ts safeTagKey).
  jsonGet: (col, key) => `json_extract_scalar(${col}, ${doubledLiteral(`$["${key}"]`)})`,
};

const hiveSpelling: Spelling = {
  quote: (n) => `\`${n.replace(/`/g, '``')}\``,
  literal: backslashLiteral,
  type: hiveType,
  jsonGet: (col, key) => `get_json_object(${col}, ${backslashLiteral(`$['${key}']`)})`,
};

function renderItem(s: Spelling, item: ViewItem): string {
  switch (item.kind) {
    case 'all':
      return '*';
    case 'column':
      return item.as ? `${s.quote(item.name)} AS ${s.quote(item.as)}` : s.quote(item.name);
    case 'null':
      return `CAST(NULL AS ${s.type(item.type)}) AS ${s.quote(item.as)}`;
    case 'tag':
      return `${s.jsonGet(s.quote('Tags'), item.key)} AS ${s.quote(item.as)}`;
    case 'count':
      return `count(*) AS ${s.quote(item.as)}`;
    case 'sum':
      return `sum(${s.quote(item.name)}) AS ${s.quote(item.as)}`;
    case 'max':
      return `max(${s.quote(item.name)}) AS ${s.quote(item.as)}`;
  }
}

function renderView(s: Spelling, v: ViewDef): string {
  const lines = [
    `-- ${v.comment}`,
    `CREATE OR REPLACE VIEW ${s.quote(v.name)} AS`,
    `SELECT ${v.items.map((i) => renderItem(s, i)).join(',\n       ')}`,
    `FROM ${s.quote(v.from)}`,
  ];
  if (v.where) {
    const test = v.where.value === null ? 'IS NULL' : `= ${s.literal(v.where.value)}`;
    lines.push(`WHERE ${s.quote(v.where.column)} ${test}`);
  }
  if (v.groupBy) lines.push(`GROUP BY ${v.groupBy.map(s.quote).join(', ')}`);
  return `${lines.join('\n')};`;
}

const columnLines = (s: Spelling, columns: LakeColumn[]) =>
  columns.map((c) => `  ${s.quote(c.name)} ${s.type(c.type)}`);

const partitionColumns = (t: CatalogTable): LakeColumn[] =>
  t.partitionKeys.map((name) => ({ name, type: 'VARCHAR' }));

/** Athena's partition projection: partitions are computed from the layout, nothing to register. */
function projection(t: CatalogTable, m: CatalogModel, literal: (s: string) => string): string[] {
  const template = `${t.location}${t.partitionKeys.map((k) => `${k}=\${${k}}`).join('/')}/`;
  const props: [string, string][] = [['projection.enabled', 'true']];
  if (t.partitionKeys.includes('provider')) {
    props.push(['projection.provider.type', 'enum'], ['projection.provider.values', m.providers.join(',')]);
  }
  props.push(
    ['projection.billing_period.type', 'date'],
    ['projection.billing_period.format', 'yyyy-MM'],
    ['projection.billing_period.range', `${m.firstPeriod},NOW`],
    ['projection.billing_period.interval', '1'],
    ['projection.billing_period.interval.unit', 'MONTHS'],
    ['storage.location.template', template],
  );
  return props.map(([k, v]) => `  ${literal(k)} = ${literal(v)}`);
}

const athena: Dialect = {
  name: 'athena',
  title: 'Amazon Athena (AWS Glue Data Catalog; DDL in Hive syntax, views in Trino syntax)',
  grammar: { ddl: 'hive', views: 'trino' },
  createTable(t, m) {
    const s = hiveSpelling;
    const head = [
      `-- ${t.name}: ${t.description}`,
      `CREATE EXTERNAL TABLE IF NOT EXISTS ${s.quote(t.name)} (`,
      `${columnLines(s, t.columns).join(',\n')}`,
      ')',
    ];
    if (t.partitionKeys.length > 0) {
      head.push(`PARTITIONED BY (${t.partitionKeys.map((k) => `${s.quote(k)} string`).join(', ')})`);
    }
    head.push('STORED AS PARQUET', `LOCATION ${s.literal(t.location)}`);
    if (t.partitionKeys.length === 0) return [`${head.join('\n')};`];
    const props = projection(t, m, s.literal);
    return [
      `${head.join('\n')}\nTBLPROPERTIES (\n${props.join(',\n')}\n);`,
      `-- Without partition projection (set 'projection.enabled' = 'false'), load the partitions with:\n-- MSCK REPAIR TABLE ${t.name}`,
      `-- Keeps an existing table's projection current (new providers, an earlier first month).\nALTER TABLE ${s.quote(t.name)} SET TBLPROPERTIES (\n${props.join(',\n')}\n);`,
    ];
  },
  addColumns: (table, columns) => [
    `ALTER TABLE ${hiveSpelling.quote(table)} ADD COLUMNS (\n${columnLines(hiveSpelling, columns).join(',\n')}\n);`,
  ],
  dropTable: (table) => `DROP TABLE IF EXISTS ${hiveSpelling.quote(table)};`,
  dropView: (view) => `DROP VIEW IF EXISTS ${trinoSpelling.quote(view)};`,
  view: (v) => renderView(trinoSpelling, v),
};

const trino: Dialect = {
  name: 'trino',
  title: 'Trino / Presto (Hive connector)',
  grammar: { ddl: 'trino', views: 'trino' },
  createTable(t) {
    const s = trinoSpelling;
    const partitioned = t.partitionKeys.length > 0;
    const withs = [`external_location = ${s.literal(t.location)}`, "format = 'PARQUET'"];
    if (partitioned) withs.push(`partitioned_by = ARRAY[${t.partitionKeys.map(s.literal).join(', ')}]`);
    const create = [
      `-- ${t.name}: ${t.description}`,
      `CREATE TABLE IF NOT EXISTS ${s.quote(t.name)} (`,
      `${columnLines(s, [...t.columns, ...partitionColumns(t)]).join(',\n')}`,
      `)\nWITH (${withs.join(', ')});`,
    ].join('\n');
    if (!partitioned) return [create];
    return [
      create,
      `-- Registers the partitions that exist (again after each export that adds a month or a provider):\nCALL system.sync_partition_metadata(CURRENT_SCHEMA, ${s.literal(t.name)}, 'ADD');`,
    ];
  },
  addColumns: (table, columns) =>
    columns.map(
      (c) =>
        `ALTER TABLE ${trinoSpelling.quote(table)} ADD COLUMN IF NOT EXISTS ${trinoSpelling.quote(c.name)} ${trinoType(c.type)};`,
    ),
  dropTable: (table) => `DROP TABLE IF EXISTS ${trinoSpelling.quote(table)};`,
  dropView: (view) => `DROP VIEW IF EXISTS ${trinoSpelling.quote(view)};`,
  view: (v) => renderView(trinoSpelling, v),
};

const spark: Dialect = {
  name: 'spark',
  title: 'Apache Spark SQL',
  grammar: { ddl: 'spark', views: 'spark' },
  createTable(t) {
    const s = hiveSpelling;
    const lines = [
      `-- ${t.name}: ${t.description}`,
      `CREATE TABLE IF NOT EXISTS ${s.quote(t.name)} (`,
      `${columnLines(s, [...t.columns, ...partitionColumns(t)]).join(',\n')}`,
      ')',
      'USING PARQUET',
    ];
    if (t.partitionKeys.length > 0) lines.push(`PARTITIONED BY (${t.partitionKeys.map(s.quote).join(', ')})`);
    lines.push(`LOCATION ${s.literal(t.location)};`);
    if (t.partitionKeys.length === 0) return [lines.join('\n')];
    return [
      lines.join('\n'),
      `-- Registers the partitions that exist (again after each export that adds a month or a provider):\nMSCK REPAIR TABLE ${s.quote(t.name)};`,
    ];
  },
  addColumns: (table, columns) => [
    `ALTER TABLE ${hiveSpelling.quote(table)} ADD COLUMNS (\n${columnLines(hiveSpelling, columns).join(',\n')}\n);`,
  ],
  dropTable: (table) => `DROP TABLE IF EXISTS ${hiveSpelling.quote(table)};`,
  dropView: (view) => `DROP VIEW IF EXISTS ${hiveSpelling.quote(view)};`,
  view: (v) => renderView(hiveSpelling, v),
};

export const dialects: Record<EngineName, Dialect> = { athena, trino, spark };
