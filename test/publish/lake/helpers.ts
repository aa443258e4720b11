/**
 * Fixtures for the lake tests: a warehouse with two months of generated CUR (AWS) and the official
 * FOCUS 1.0 sample (AWS, Microsoft and Oracle rows), and ways to read a written lake with DuckDB.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '../../../src/log.ts';
import { runSource } from '../../../src/pipeline/run-source.ts';
import { silentProgress } from '../../../src/progress.ts';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { focus } from '../../../src/sources/focus/index.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import type { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

// Official FOCUS 1.0 sample, CC BY 4.0 (../shared/samples/PROVENANCE.md): AWS, Microsoft and Oracle rows.
export const officialSample = path.resolve(
  import.meta.dirname,
  '../../../../shared/samples/focus-1.0/focus_sample.csv',
);

export interface LakeFixture {
  wh: TestWarehouse;
  /** The CUR delivery bucket, for later versions of a month. */
  bucket: string;
}

export async function warehouseWithData(): Promise<LakeFixture> {
  const bucket = await tempDir('cur');
  await generateCurSample({ out: bucket, months: 2, rows: 600, seed: 71 });
  const wh = await openTestWarehouse();
  await wh.importExport({ store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' });
  await importFocusFile(wh, officialSample, 'sample');
  return { wh, bucket };
}

export async function importFocusFile(wh: TestWarehouse, file: string, sourceName: string): Promise<void> {
  const folder = await tempDir('focus');
  await copyFile(file, path.join(folder, path.basename(file)));
  await runSource(
    focus,
    { warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger: silentLogger },
    { name: sourceName, location: folder, store: new LocalStore(folder), prefix: '' },
  );
}

/** The official sample with one more column, `Team`, that no earlier load had. */
export async function sampleWithTeamColumn(): Promise<string> {
  const lines = (await readFile(officialSample, 'utf8')).trimEnd().split(/\r?\n/);
  const file = path.join(await tempDir('focus-team'), 'focus_team.csv');
  const teams = ['payments', 'search', 'data'];
  const withTeam = lines.map((line, i) => `${line},${i === 0 ? 'Team' : teams[i % 3]}`);
  await writeFile(file, `${withTeam.join('\n')}\n`);
  return file;
}

/** DuckDB over one table of the lake, with its Hive partition columns. */
export const lakeTable = (root: string, table: string) =>
  `read_parquet('${path.join(root, table).replace(/'/g, "''")}/**/*.parquet', hive_partitioning = true, union_by_name = true, hive_types_autocast = false)`;

/** Rows, BilledCost and EffectiveCost per provider slug, period and currency, as exact text. */
export function totalsSql(relation: string, provider: string, period: string): string {
  return `SELECT ${provider} AS provider, ${period} AS period, BillingCurrency AS currency, count(*)::INTEGER AS n,
                 sum(BilledCost)::VARCHAR AS billed, sum(EffectiveCost)::VARCHAR AS effective
          FROM ${relation} GROUP BY ALL ORDER BY ALL`;
}

export const warehouseSlug = `lower(regexp_replace(coalesce(ServiceProviderName, ProviderName), '[^A-Za-z0-9]+', '-', 'g'))`;
export const warehousePeriod = `strftime(BillingPeriodStart, '%Y-%m')`;

export async function warehouseTotals(w: Warehouse): Promise<unknown[]> {
  return w.all(totalsSql('focus.costs', warehouseSlug, warehousePeriod));
}

/** Rows and sums per provider, period and currency of every per-provider view, read through `db`. */
export async function providerViewTotals(db: Warehouse, views: string[]): Promise<unknown[]> {
  const perProvider = views
    .filter((v) => v.startsWith('focus_') && v !== 'focus_all' && !v.startsWith('focus_monthly_'))
    .map((v) => `SELECT '${v.slice('focus_'.length).replace(/_/g, '-')}' AS p, * FROM "${v}"`);
  return db.all(totalsSql(`(${perProvider.join(' UNION ALL BY NAME ')})`, 'p', 'billing_period'));
}

/** A monthly rollup as the engine answers it, amounts as exact text, without the period status. */
export async function rollupFromLake(db: Warehouse, view: string): Promise<unknown[]> {
  return db.all(
    `SELECT * EXCLUDE (row_count, billed_cost, effective_cost, list_cost, contracted_cost${
      view.startsWith('focus_') ? ', billing_period_status' : ''
    }),
            row_count::INTEGER AS n, billed_cost::VARCHAR AS billed, effective_cost::VARCHAR AS effective,
            list_cost::VARCHAR AS list, contracted_cost::VARCHAR AS contracted
     FROM "${view}" ORDER BY ALL`,
  );
}

const rollupKeys: Record<string, string> = {
  provider: '',
  service: ', ServiceCategory, ServiceName',
  account: ', BillingAccountId, SubAccountId',
};

/** The same rollup computed from the warehouse itself. */
export async function rollupFromWarehouse(
  w: Warehouse,
  relation: string,
  by: string,
  head: 'provider' | 'ServiceProviderName',
): Promise<unknown[]> {
  const first = head === 'provider' ? `${warehouseSlug} AS provider` : 'ServiceProviderName';
  const labels =
    by === 'account'
      ? ', max(BillingAccountName) AS BillingAccountName, max(SubAccountName) AS SubAccountName'
      : '';
  return w.all(
    `SELECT ${first}, ${warehousePeriod} AS billing_period, BillingCurrency${rollupKeys[by]}${labels},
            count(*)::INTEGER AS n, sum(BilledCost)::VARCHAR AS billed, sum(EffectiveCost)::VARCHAR AS effective,
            sum(ListCost)::VARCHAR AS list, sum(ContractedCost)::VARCHAR AS contracted
     FROM ${relation} GROUP BY ALL ORDER BY ALL`,
  );
}

export async function catalogFiles(root: string): Promise<Record<'athena' | 'trino' | 'spark', string>> {
  const read = (e: string) => readFile(path.join(root, 'catalog', `${e}.sql`), 'utf8');
  return { athena: await read('athena'), trino: await read('trino'), spark: await read('spark') };
}
