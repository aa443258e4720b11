/**
 * Native FOCUS files into focus.costs: the official FOCUS 1.0 sample
 * (../shared/samples/focus-1.0/focus_sample.csv, CC BY 4.0, see PROVENANCE.md) imports cleanly and its
 * totals per provider match the file; older names are upgraded; Parquet and gzip work; bad rows are
 * named by file and line.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage, FinopsError } from '../../../src/errors.ts';
import type { Logger } from '../../../src/log.ts';
import { runSource } from '../../../src/pipeline/run-source.ts';
import { silentProgress } from '../../../src/progress.ts';
import { focus } from '../../../src/sources/focus/index.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

const officialSample = path.resolve(
  import.meta.dirname,
  '../../../../shared/samples/focus-1.0/focus_sample.csv',
);

let wh: TestWarehouse;
afterEach(() => wh?.warehouse.close());

/** Imports a folder as the CLI does; what the import logged comes back with its outcomes. */
async function importFolder(
  folder: string,
  options: { force?: boolean; provider?: string; name?: string } = {},
) {
  const told: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: (m) => told.push(m),
    warn: (m) => told.push(`warn: ${m}`),
    error: (m) => told.push(`error: ${m}`),
  };
  const name = options.name ?? 'exports';
  const outcomes = await runSource(
    focus,
    { warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger },
    { name, location: folder, store: new LocalStore(folder), prefix: '', provider: options.provider },
    { force: options.force },
  );
  return { outcomes, told };
}

/** Totals read straight from a CSV as text, cast exactly: the file's own truth, not the importer's. */
async function fileTotals(csv: string) {
  return wh.warehouse.all(
    `SELECT ProviderName AS provider, count(*)::INTEGER AS rows,
            sum(NULLIF(BilledCost, 'NULL')::DECIMAL(38,18))::VARCHAR AS billed,
            sum(NULLIF(EffectiveCost, 'NULL')::DECIMAL(38,18))::VARCHAR AS effective
     FROM read_csv($csv, all_varchar = true) GROUP BY ALL ORDER BY 1`,
    { csv },
  );
}

const warehouseTotals = `
  SELECT ServiceProviderName AS provider, count(*)::INTEGER AS rows, sum(BilledCost)::VARCHAR AS billed,
         sum(EffectiveCost)::VARCHAR AS effective
  FROM focus.costs GROUP BY ALL ORDER BY 1`;

describe('importing native FOCUS files', () => {
  it('imports the official FOCUS 1.0 sample with its totals per provider', async () => {
    const folder = await tempDir('focus');
    await copyFile(officialSample, path.join(folder, 'focus_sample.csv'));
    wh = await openTestWarehouse();
    const result = await importFolder(folder);

    expect(result.told).toContain('exports: FOCUS 1.0 detected, stored as FOCUS 1.2 with 1.3 additions');
    expect(result.told.filter((l) => l.startsWith('warn: exports:'))).toEqual([
      'warn: exports: column Id is not a FOCUS column; kept as x_Id',
    ]);
    expect(result.outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([
      ['2024-09', 'loaded', 999],
      ['2024-10', 'loaded', 1],
    ]);
    expect(await wh.warehouse.all(warehouseTotals)).toEqual(await fileTotals(officialSample));
    const row = await wh.warehouse.one(
      `SELECT BillingAccountId, x_Id, HostProviderName, BillingPeriodStart::VARCHAR AS start, Tags->>'environment' AS env
       FROM focus.costs WHERE x_Id = '11472'`,
    );
    expect(row).toEqual({
      BillingAccountId: '1234567890123',
      x_Id: '11472',
      HostProviderName: 'AWS',
      start: '2024-09-01 00:00:00+00',
      env: null,
    });
    const nulls = await wh.warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM focus.costs WHERE AvailabilityZone = 'NULL' OR ChargeClass = 'NULL'`,
    );
    expect(nulls?.n).toBe(0);
  });

  it('does not load the same files twice, and reloads them with force', async () => {
    const folder = await tempDir('focus');
    await copyFile(officialSample, path.join(folder, 'focus_sample.csv'));
    wh = await openTestWarehouse();
    await importFolder(folder);
    expect((await importFolder(folder)).outcomes.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect((await importFolder(folder, { force: true })).outcomes.map((o) => o.status)).toEqual([
      'loaded',
      'loaded',
    ]);
    expect((await wh.warehouse.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM focus.costs'))?.n).toBe(
      1000,
    );
  });

  it('reads gzip and Parquet files the same way', async () => {
    const folder = await tempDir('focus');
    const csv = await readFile(officialSample);
    await writeFile(path.join(folder, 'part-1.csv.gz'), gzipSync(csv));
    wh = await openTestWarehouse();
    await wh.warehouse.run(
      `COPY (SELECT * FROM read_csv($csv, all_varchar = true) WHERE ProviderName = 'Microsoft')
       TO '${path.join(folder, 'part-2.parquet').replace(/'/g, "''")}' (FORMAT parquet)`,
      { csv: officialSample },
    );
    const result = await importFolder(folder, { name: 'mixed' });
    expect(result.outcomes.map((o) => o.rows)).toEqual([999 + 51, 1]);
    const microsoft = await wh.warehouse.all(
      `SELECT x_SourceFile AS file, count(*)::INTEGER AS n, sum(BilledCost)::VARCHAR AS billed
       FROM focus.costs WHERE ServiceProviderName = 'Microsoft' GROUP BY ALL ORDER BY 1`,
    );
    expect(microsoft[0]?.billed).toBe(microsoft[1]?.billed);
    expect(microsoft.map((m) => [m.file, m.n])).toEqual([
      ['part-1.csv.gz', 51],
      ['part-2.parquet', 51],
    ]);
  });

  it("reads the FOCUS specification's examples, where an absent value is written null", async () => {
    const example = path.resolve(
      import.meta.dirname,
      '../../../../shared/samples/focus-spec-1.2-examples/commitment_discount_flexibility/' +
        'one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv',
    );
    const folder = await tempDir('focus');
    await copyFile(example, path.join(folder, 'example.csv'));
    wh = await openTestWarehouse();
    const result = await importFolder(folder, { provider: 'Example Cloud' });
    expect(result.outcomes.map((o) => o.status)).toEqual(['loaded']);
    const [file] = await wh.warehouse.all(
      `SELECT count(*)::INTEGER AS rows, sum(EffectiveCost::DECIMAL(38,18))::VARCHAR AS effective,
              count(*) FILTER (WHERE ConsumedQuantity = 'null')::INTEGER AS nulls
       FROM read_csv($csv, all_varchar = true)`,
      { csv: example },
    );
    const [loaded] = await wh.warehouse.all(
      `SELECT count(*)::INTEGER AS rows, sum(EffectiveCost)::VARCHAR AS effective,
              count(*) FILTER (WHERE ConsumedQuantity IS NULL)::INTEGER AS nulls FROM focus.costs`,
    );
    expect(file?.nulls).toBeGreaterThan(0);
    expect(loaded).toEqual(file);
  });

  it('upgrades older column and value names', async () => {
    const folder = await tempDir('focus');
    await writeFile(
      path.join(folder, 'old.csv'),
      [
        'BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargeCategory,PricingCategory,UsageQuantity,UsageUnit,Provider,Publisher,InvoiceIssuer,ServiceName,ServiceCategory',
        '0042,2024-02-01T00:00:00Z,2024-03-01T00:00:00Z,2024-02-03T00:00:00Z,2024-02-04T00:00:00Z,1.5,1.5,2,EUR,Usage,On-Demand,3,Hours,Contoso Cloud,Contoso,Contoso Ltd,VMs,Compute',
      ].join('\n'),
    );
    wh = await openTestWarehouse();
    const result = await importFolder(folder);
    expect(result.told).toContain(
      'warn: exports: column UsageQuantity is read as ConsumedQuantity (renamed in a later FOCUS version)',
    );
    const row = await wh.warehouse.one(
      `SELECT BillingAccountId, PricingCategory, ConsumedQuantity::VARCHAR AS q, ConsumedUnit, ProviderName,
              ServiceProviderName, PublisherName, InvoiceIssuerName, x_FocusVersion FROM focus.costs`,
    );
    expect(row).toEqual({
      BillingAccountId: '0042',
      PricingCategory: 'Standard',
      q: '3.000000000000000000',
      ConsumedUnit: 'Hours',
      ProviderName: 'Contoso Cloud',
      ServiceProviderName: 'Contoso Cloud',
      PublisherName: 'Contoso',
      InvoiceIssuerName: 'Contoso Ltd',
      x_FocusVersion: '1.0',
    });
  });

  it('names the file and line of a value that is not a number, and publishes nothing', async () => {
    const folder = await tempDir('focus');
    const lines = (await readFile(officialSample, 'utf8')).split('\n');
    lines[5] = (lines[5] as string).replace(/^NULL,[0-9.]+,/, 'NULL,12..5,');
    await writeFile(path.join(folder, 'broken.csv'), lines.join('\n'));
    wh = await openTestWarehouse();
    const [outcome] = (await importFolder(folder)).outcomes;
    expect(outcome?.status).toBe('failed');
    expect(outcome?.error).toBeInstanceOf(FinopsError);
    expect(errorMessage(outcome?.error)).toMatch(
      /broken\.csv:6: column "BilledCost": "12\.\.5" is not a valid DECIMAL/,
    );
    // The failure is on record (reading the files is planning: no period is known yet).
    const ledger = await wh.warehouse.all(
      'SELECT billing_period, status, failed_step FROM finops_meta.loads',
    );
    expect(ledger).toEqual([{ billing_period: '*', status: 'failed', failed_step: 'plan' }]);
    const tables = await wh.warehouse.all(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'focus'`,
    );
    expect(tables).toEqual([]);
  });
});
