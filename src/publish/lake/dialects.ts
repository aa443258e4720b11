/**
 * How each engine spells the lake's table and views. Column names keep their FOCUS spelling (the
 * engines fold them to lower case); types follow the Parquet files DuckDB wrote.
 */
import type { CatalogModel, LakeColumn, ProviderShape } from './catalog.ts';

export interface Dialect {
  name: string;
  title: string;
  createTable(m: CatalogModel): string;
  providerView(p: ProviderShape, focus: LakeColumn[]): string;
  focusView(columns: LakeColumn[]): string;
}

type TypeMap = (duck: string) => string;

const hiveType: TypeMap = (t) => {
  if (/^DECIMAL/i.test(t)) return t.toLowerCase();
  if (/^TIMESTAMP/i.test(t)) return 'timestamp';
  if (/^BIGINT$/i.test(t)) return 'bigint';
  if (/^INTEGER$/i.test(t)) return 'int';
  if (/^DOUBLE$/i.test(t)) return 'double';
  if (/^BOOLEAN$/i.test(t)) return 'boolean';
  return 'string';
};

const trinoType: TypeMap = (t) =>
  hiveType(t) === 'string' ? 'varchar' : hiveType(t) === 'int' ? 'integer' : hiveType(t);

const tagColumn = (key: string) =>
  `tag_${key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')}`;
const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

function views(quote: (n: string) => string, jsonGet: (col: string, key: string) => string, typeOf: TypeMap) {
  return {
    providerView(p: ProviderShape, focus: LakeColumn[]): string {
      const columns = [
        ...focus.map((c) => quote(c.name)),
        ...p.extras.map(quote),
        ...p.tagKeys.map((k) => `${jsonGet(quote('Tags'), k)} AS ${quote(tagColumn(k))}`),
        'billing_period',
      ];
      return `-- ${p.slug}: its rows, its own x_ columns, and its most used tags as columns.
CREATE OR REPLACE VIEW ${quote(`focus_${p.slug.replace(/-/g, '_')}`)} AS
SELECT ${columns.join(',\n       ')}
FROM focus_costs WHERE provider = ${sqlString(p.slug)};`;
    },
    focusView(columns: LakeColumn[]): string {
      const list = columns.map((c) => `CAST(${quote(c.name)} AS ${typeOf(c.type)}) AS ${quote(c.name)}`);
      return `-- Every provider in the FOCUS columns; a column a provider lacks is a typed null.
CREATE OR REPLACE VIEW focus_all AS
SELECT ${list.join(',\n       ')},
       provider, billing_period
FROM focus_costs;`;
    },
  };
}

function columnList(m: CatalogModel, quote: (n: string) => string, typeOf: TypeMap): string {
  return m.columns.map((c) => `  ${quote(c.name)} ${typeOf(c.type)}`).join(',\n');
}

const backtick = (n: string) => `\`${n.replace(/`/g, '``')}\``;
const doubleQuote = (n: string) => `"${n.replace(/"/g, '""')}"`;

export const dialects: Record<string, Dialect> = {
  athena: {
    name: 'athena',
    title: 'Amazon Athena (AWS Glue Data Catalog)',
    createTable: (m) => `CREATE EXTERNAL TABLE IF NOT EXISTS focus_costs (
${columnList(m, backtick, hiveType)}
)
PARTITIONED BY (provider string, billing_period string)
STORED AS PARQUET
LOCATION ${sqlString(m.location)}
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.provider.type' = 'enum',
  'projection.provider.values' = ${sqlString(m.providers.map((p) => p.slug).join(','))},
  'projection.billing_period.type' = 'date',
  'projection.billing_period.format' = 'yyyy-MM',
  'projection.billing_period.range' = ${sqlString(`${m.firstPeriod},NOW`)},
  'projection.billing_period.interval' = '1',
  'projection.billing_period.interval.unit' = 'MONTHS',
  'storage.location.template' = ${sqlString(`${m.location}provider=\${provider}/billing_period=\${billing_period}/`)}
);
-- Without partition projection (set 'projection.enabled' = 'false'), load the partitions with:
-- MSCK REPAIR TABLE focus_costs;`,
    ...views(backtick, (col, key) => `json_extract_scalar(${col}, ${sqlString(`$["${key}"]`)})`, hiveType),
  },
  trino: {
    name: 'trino',
    title: 'Trino / Presto (Hive connector)',
    createTable: (m) => `CREATE TABLE IF NOT EXISTS focus_costs (
${columnList(m, doubleQuote, trinoType)},
  provider varchar,
  billing_period varchar
)
WITH (external_location = ${sqlString(m.location)}, format = 'PARQUET', partitioned_by = ARRAY['provider', 'billing_period']);
-- Register the partitions that exist (again after each export that adds a month or a provider):
CALL system.sync_partition_metadata(CURRENT_SCHEMA, 'focus_costs', 'ADD');`,
    ...views(
      doubleQuote,
      (col, key) => `json_extract_scalar(${col}, ${sqlString(`$["${key}"]`)})`,
      trinoType,
    ),
  },
  spark: {
    name: 'spark',
    title: 'Apache Spark SQL',
    createTable: (m) => `CREATE TABLE IF NOT EXISTS focus_costs (
${columnList(m, backtick, hiveType)},
  provider string,
  billing_period string
)
USING PARQUET
PARTITIONED BY (provider, billing_period)
LOCATION ${sqlString(m.location)};
-- Register the partitions that exist (again after each export that adds a month or a provider):
MSCK REPAIR TABLE focus_costs;`,
    ...views(
      backtick,
      (col, key) => `get_json_object(${col}, ${sqlString(`$['${key.replace(/'/g, "\\'")}']`)})`,
      hiveType,
    ),
  },
};
