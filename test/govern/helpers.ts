/**
 * Fixtures for governance tests: FOCUS rows from a CSV file (the FOCUS spec's examples, or rows a test
 * writes) published as a FOCUS period table the way sources publish theirs (focusProjection, then the
 * period swap), and a generated CUR month loaded through the real import with a tag policy.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tagPolicySchema } from '../../src/config/govern.ts';
import { focusProjection } from '../../src/focus/relation.ts';
import { focusTables } from '../../src/focus/tables.ts';
import { compileTagPolicy, type TagPolicy } from '../../src/govern/policy.ts';
import { silentLogger } from '../../src/log.ts';
import { runSource } from '../../src/pipeline/run-source.ts';
import { silentProgress } from '../../src/progress.ts';
import { generateCurSample } from '../../src/sample/aws-cur/generate.ts';
import { awsCur } from '../../src/sources/aws-cur/index.ts';
import { LocalStore } from '../../src/stores/local-store.ts';
import { stageTableName, swapInStage } from '../../src/warehouse/period-tables.ts';
import { qualified } from '../../src/warehouse/sql.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';

const fixtureTables = focusTables('fixture');

/**
 * Publishes the rows of a FOCUS CSV (`null` is NULL, as in the spec's examples) as source `sourceName`.
 * `extra` adds constant columns the file lacks (the spec's examples name no BillingCurrency).
 */
export async function publishFocusCsv(
  w: Warehouse,
  file: string,
  options: { sourceName: string; extra?: Record<string, string> },
): Promise<void> {
  const read = `read_csv($file, all_varchar = true, nullstr = 'null', header = true)`;
  const header = await w.all<{ name: string }>(
    `SELECT column_name AS name FROM (DESCRIBE SELECT * FROM ${read})`,
    {
      file,
    },
  );
  const extra = options.extra ?? {};
  const produced = new Set([
    ...header.map((h) => h.name),
    ...Object.keys(extra),
    'x_SourceName',
    'x_SourceType',
  ]);
  const constants = Object.keys(extra).map((k, i) => `$extra${i} AS "${k}"`);
  const params = Object.fromEntries(Object.values(extra).map((v, i) => [`extra${i}`, v]));
  const periods = await w.all<{ p: string }>(
    `SELECT DISTINCT strftime(CAST(BillingPeriodStart AS TIMESTAMPTZ), '%Y-%m') AS p FROM ${read}`,
    { file },
  );
  for (const { p } of periods) {
    const stage = stageTableName(fixtureTables, p, 1);
    await w.run(
      `CREATE TABLE ${qualified('focus', stage)} AS
       SELECT ${focusProjection('m', produced)}
       FROM (SELECT *, ${[...constants, '$source AS x_SourceName', "'fixture' AS x_SourceType"].join(', ')} FROM ${read}) AS m
       WHERE strftime(CAST(m.BillingPeriodStart AS TIMESTAMPTZ), '%Y-%m') = $period`,
      { file, source: options.sourceName, period: p, ...params },
    );
    await w.transaction(() => swapInStage(w, fixtureTables, p, stage, options.sourceName));
  }
}

/** Writes FOCUS rows (objects of column -> text) as a CSV file and returns its path. */
export async function focusCsv(rows: Record<string, string | null>[]): Promise<string> {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | null | undefined) => (v == null ? 'null' : `"${v.replace(/"/g, '""')}"`);
  const text = [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n');
  const file = path.join(await tempDir('focus-csv'), 'rows.csv');
  await writeFile(file, `${text}\n`);
  return file;
}

/** The tag policy the generated data is checked against in these tests (as a user would write it). */
export const samplePolicy: TagPolicy = compileTagPolicy(
  tagPolicySchema.parse({
    owner_key: 'cost_center',
    keys: {
      cost_center: { required: true, case: 'upper', pattern: '^CC-[0-9]{4}$', aliases: ['costcentre'] },
      environment: {
        required: true,
        values: ['production', 'staging', 'development'],
        value_aliases: { prod: 'production', dev: 'development' },
      },
      team: { values: ['payments', 'search', 'platform', 'data'], case: 'lower' },
    },
    alert: { max_untagged_percent: 20 },
  }),
);

/** One generated CUR month (legacy CUR, the demo's shape) imported with the tag policy. */
export async function loadGeneratedMonth(
  policy: TagPolicy | undefined = samplePolicy,
  options: { rows?: number; months?: number } = {},
): Promise<TestWarehouse> {
  const bucket = await tempDir('gov-cur');
  await generateCurSample({ out: bucket, months: options.months ?? 1, rows: options.rows ?? 3000, seed: 42 });
  const wh = await openTestWarehouse();
  await runSource(
    awsCur,
    {
      warehouse: wh.warehouse,
      cache: wh.cache,
      progress: silentProgress,
      logger: silentLogger,
      tagPolicy: policy,
    },
    {
      name: 'cur',
      location: bucket,
      exp: { store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' },
    },
  );
  return wh;
}

export async function memoryWarehouse(): Promise<Warehouse> {
  return Warehouse.open({ path: ':memory:' });
}
