/**
 * Fixtures for the lake tests: a warehouse with two months of generated CUR (AWS) and the official
 * FOCUS 1.0 sample (AWS, Microsoft and Oracle rows), and ways to read a written lake with DuckDB.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '../../../src/log.ts';
import { silentProgress } from '../../../src/progress.ts';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { importNativeFocus } from '../../../src/sources/focus/import.ts';
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
  await importNativeFocus(
    { warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger: silentLogger },
    { store: new LocalStore(folder), prefix: '', location: folder, sourceName },
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
