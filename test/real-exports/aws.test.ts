/**
 * Real AWS Cost and Usage Reports, delivered the way AWS delivers them (a manifest and gzip CSV under
 * the billing period's folder; Parquet under year=/month= for Athena), imported with the real importer.
 * Every total is computed from the file's own text (BigInt sums), never by the importer.
 * Files: project-koku/koku test data (Apache-2.0); the Athena Parquet schema from aws-samples'
 * Cloud Intelligence Dashboards Glue table. See test/fixtures/real/PROVENANCE.md.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/stores/local-store.ts';
import { gz, put, writeV1Delivery } from '../helpers/delivery.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import {
  column,
  corpusFile,
  exact,
  failuresOf,
  fixturesDir,
  focusCosts,
  haveCorpus,
  readCsv,
  sumDecimals,
  why,
} from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

const aws = (name: string) => corpusFile('aws', name);

/** One legacy CUR period: the file gzipped under an assembly folder, and the manifest naming it. */
async function deliverLegacy(file: string, exportName: string, period: string) {
  const bucket = await tempDir('real-cur');
  await writeV1Delivery({
    bucketDir: bucket,
    exportName,
    period,
    files: [{ name: `${exportName}-00001.csv.gz`, body: gz(await readFile(file, 'utf8')) }],
  });
  return { store: new LocalStore(bucket), prefix: 'cur', exportName };
}

/** What the file says: its rows and the exact sum of its unblended cost. */
function legacyTruth(file: string, costColumn = 'lineItem/UnblendedCost') {
  const t = readCsv(file);
  return { rows: t.rows.length, cost: sumDecimals(column(t, costColumn)) };
}

/**
 * The FOCUS tags a row should carry, read from the file's own headers as the README documents them:
 * user tags without prefix, AWS tags as `aws:<key>`, cost categories as `costcategory:<key>`; empty
 * cells carry no tag. Legacy headers (`resourceTags/user:team`) and CUR 2.0 ones (`resource_tags_user_team`).
 */
function tagsOfRow(header: string[], row: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  header.forEach((h, i) => {
    const value = row[i] ?? '';
    const key =
      /^resourceTags\/user:(.+)$/.exec(h)?.[1] ??
      /^resource_tags_user_(.+)$/.exec(h)?.[1] ??
      /^resourceTags\/(aws:.+)$/.exec(h)?.[1] ??
      /^resource_tags_aws_(.+)$/.exec(h)?.[1]?.replace(/^/, 'aws:') ??
      /^costCategory\/(.+)$/.exec(h)?.[1]?.replace(/^/, 'costcategory:');
    if (key !== undefined && value !== '') tags[key] = value;
  });
  return tags;
}

/** Each published row's tags, by line item id, as the warehouse holds them. */
async function publishedTags(w: TestWarehouse): Promise<[string, Record<string, string>][]> {
  const rows = await w.warehouse.all<{ id: string; tags: string | null }>(
    'SELECT x_LineItemId AS id, Tags::VARCHAR AS tags FROM focus.costs ORDER BY 1, 2',
  );
  return rows.map((r) => [r.id, r.tags === null ? {} : (JSON.parse(r.tags) as Record<string, string>)]);
}

/** The same from the file: one entry per line, sorted as publishedTags sorts them. */
function fileTags(
  t: { header: string[]; rows: string[][] },
  idColumn: string,
): [string, Record<string, string>][] {
  const id = t.header.indexOf(idColumn);
  return t.rows
    .map((r): [string, Record<string, string>] => [r[id] ?? '', tagsOfRow(t.header, r)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Loads that succeeded: none after a refusal (focus.costs does not even exist yet). */
async function published(w: TestWarehouse) {
  const r = await w.warehouse.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM finops_meta.loads WHERE status = 'succeeded'",
  );
  return r?.n;
}

async function rawTotals(w: TestWarehouse) {
  const r = await w.warehouse.one<{ rows: number; cost: string | null }>(
    'SELECT count(*)::INTEGER AS rows, sum(line_item_unblended_cost)::VARCHAR AS cost FROM aws_billing.billing',
  );
  return { rows: r?.rows ?? 0, cost: exact(r?.cost) ?? '0' };
}

describe.skipIf(!haveCorpus)('real legacy CUR CSV exports (koku)', () => {
  it("given koku's test_cur.csv (June 2018, CRLF) whose rows all have one field less than its header, then it is refused naming file and line", async () => {
    const file = aws('koku-test_cur.csv');
    const t = readCsv(file);
    expect([t.header.length, new Set(t.rows.map((r) => r.length))]).toEqual([131, new Set([130])]);
    wh = await openTestWarehouse();
    const outcomes = await wh.importExport(await deliverLegacy(file, 'koku-cur', '2018-06'));
    expect(outcomes.map((o) => [o.period, o.status, o.failedStep])).toEqual([['2018-06', 'failed', 'stage']]);
    expect(why(outcomes[0])).toMatch(/koku-cur-00001\.csv\.gz:2: .*130 fields .*131/);
    expect(await published(wh)).toBe(0);
  });

  it('given the June 2023 export in NOK with cost categories and a merged pricing header, then it lands in NOK', async () => {
    const file = aws('koku-2023-06-01.csv');
    const truth = legacyTruth(file);
    expect(truth).toEqual({ rows: 3, cost: '30' });
    wh = await openTestWarehouse();
    const outcomes = await wh.importExport(await deliverLegacy(file, 'koku-nok', '2023-06'));
    expect(failuresOf(outcomes)).toEqual([]);
    expect(outcomes[0]).toMatchObject({ period: '2023-06', status: 'loaded', rows: 3 });
    expect(outcomes[0]?.costTotals).toEqual({ NOK: expect.any(String) });
    expect(exact(outcomes[0]?.costTotals?.NOK)).toBe(truth.cost);
    expect(await rawTotals(wh)).toEqual(truth);
    // koku's rows say publicOnDemandRate 0.5 x 1 hour but publicOnDemandCost 10, and have no pricing/RateId:
    // FOCUS validation rightly fails ListCost-C-009-C, ListUnitPrice-C-010-C and SkuPriceId-C-005-C.
    expect(outcomes[0]?.validation).toMatchObject({ status: 'failed', mandatoryFailures: 4 });
    const currencies = await wh.warehouse.all('SELECT DISTINCT BillingCurrency FROM focus.costs');
    expect(currencies).toEqual([{ BillingCurrency: 'NOK' }]);
    // Its cost categories (cost_env, name, qe_source on every line) become costcategory: tags.
    const expected = fileTags(readCsv(file), 'identity/LineItemId');
    expect(expected.every(([, tags]) => Object.keys(tags).length === 3)).toBe(true);
    expect(await publishedTags(wh)).toEqual(expected);
  });

  it('given the not-yet-final June 2023 export, then it lands the same as the final one', async () => {
    const file = aws('koku-2023-06-01-not-final.csv');
    const truth = legacyTruth(file);
    wh = await openTestWarehouse();
    const outcomes = await wh.importExport(await deliverLegacy(file, 'koku-nok', '2023-06'));
    expect(failuresOf(outcomes)).toEqual([]);
    expect(await rawTotals(wh)).toEqual(truth);
  });

  it('given the November 2023 export with " # notsecret" in a money column and two ragged rows, then it is refused at the first bad cell', async () => {
    const file = aws('koku-November-2023-None.csv');
    const t = readCsv(file);
    const ragged = t.rows.flatMap((r, i) => (r.length === t.header.length ? [] : [i + 2]));
    expect(ragged).toEqual([7, 22]);
    expect(column(t, 'savingsPlan/UsedCommitment')[0]).toBe(' # notsecret');
    wh = await openTestWarehouse();
    const outcomes = await wh.importExport(await deliverLegacy(file, 'koku-nov', '2023-11'));
    expect(outcomes.map((o) => [o.period, o.status])).toEqual([['2023-11', 'failed']]);
    expect(why(outcomes[0])).toMatch(
      /koku-nov-00001\.csv\.gz:2: column "savingsPlan\/UsedCommitment": " # notsecret"/,
    );
    expect(await published(wh)).toBe(0);
  });

  it('given an export whose file holds only its header, then the period loads with no rows', async () => {
    const file = aws('koku-empty_frame.csv');
    expect(readCsv(file).rows).toEqual([]);
    wh = await openTestWarehouse();
    const outcomes = await wh.importExport(await deliverLegacy(file, 'koku-empty', '2023-06'));
    expect(failuresOf(outcomes)).toEqual([]);
    expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([['2023-06', 'loaded', 0]]);
    expect(outcomes[0]?.validation).toMatchObject({ status: 'passed', mandatoryFailures: 0 });
    expect(await focusCosts(wh, 'koku-empty')).toMatchObject({ rows: 0 });
  });
});

describe.skipIf(!haveCorpus)('real CUR 2.0 CSV with snake_case columns (koku)', () => {
  it('given the July 2022 export delivered as CUR 2.0, when imported, then both rows land', async () => {
    const file = aws('koku-2022-07-01-alt-columns.csv');
    const truth = legacyTruth(file, 'line_item_unblended_cost');
    const bucket = await tempDir('real-cur2');
    const dataKey = 'cur/koku-cur2/data/BILLING_PERIOD=2022-07/koku-cur2-00001.csv.gz';
    await put(bucket, dataKey, gz(await readFile(file, 'utf8')));
    await put(
      bucket,
      'cur/koku-cur2/metadata/BILLING_PERIOD=2022-07/koku-cur2-Manifest.json',
      JSON.stringify({
        executionId: '00000000-0000-4000-8000-000000002207',
        dataFiles: [`s3://koku-bucket/${dataKey}`],
      }),
    );
    wh = await openTestWarehouse();
    const outcomes = await wh.importExport({
      store: new LocalStore(bucket),
      prefix: 'cur',
      exportName: 'koku-cur2',
    });
    expect(failuresOf(outcomes)).toEqual([]);
    expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([['2022-07', 'loaded', 2]]);
    expect(outcomes[0]?.validation).toMatchObject({ status: 'passed', mandatoryFailures: 0 });
    expect(await rawTotals(wh)).toEqual(truth);
    // Its AWS tag (resource_tags_aws_created_by, on both lines) becomes aws:created_by.
    const expected = fileTags(readCsv(file), 'identity_line_item_id');
    expect(expected.map(([, tags]) => Object.keys(tags))).toEqual([['aws:created_by'], ['aws:created_by']]);
    expect(await publishedTags(wh)).toEqual(expected);
  });
});

/**
 * The legacy CUR "for Athena" Parquet delivery. No such file may be shipped, so the columns and Glue
 * types of a real one (test/fixtures/real/aws/athena-cur-columns.json) are written as Parquet by DuckDB,
 * with rows as AWS writes them: rates and reservation/savings plan times typed string and empty ("")
 * where they do not apply, money as double, dates as timestamps; and a second month whose files carry
 * a column more (a tag activated) and one less.
 */
describe('the legacy CUR Parquet delivery for Athena (real column set, generated rows)', () => {
  interface GlueColumn {
    Name: string;
    Type: 'string' | 'double' | 'timestamp';
  }

  async function athenaColumns(): Promise<GlueColumn[]> {
    return JSON.parse(await readFile(path.join(fixturesDir, 'aws', 'athena-cur-columns.json'), 'utf8'));
  }

  /** A row's value for a column, as AWS fills it for an on-demand EC2 hour (i = row number). */
  function value(c: GlueColumn, i: number, month: string): string {
    const fixed: Record<string, string> = {
      bill_billing_period_start_date: `TIMESTAMP '${month}-01 00:00:00'`,
      bill_billing_period_end_date: `TIMESTAMP '${month}-01 00:00:00' + INTERVAL 1 MONTH`,
      bill_payer_account_id: `'012345678901'`,
      bill_bill_type: `'Anniversary'`,
      bill_billing_entity: `'AWS'`,
      line_item_usage_account_id: `'012345678901'`,
      line_item_line_item_type: `'Usage'`,
      line_item_product_code: `'AmazonEC2'`,
      line_item_usage_start_date: `TIMESTAMP '${month}-02 00:00:00' + INTERVAL ${i} HOUR`,
      line_item_usage_end_date: `TIMESTAMP '${month}-02 01:00:00' + INTERVAL ${i} HOUR`,
      identity_line_item_id: `'li-${month}-${i}'`,
      line_item_usage_type: `'BoxUsage:m5.large'`,
      line_item_operation: `'RunInstances'`,
      line_item_currency_code: `'USD'`,
      line_item_unblended_rate: `'0.096'`,
      line_item_unblended_cost: `${(i % 7) + 1}.0960000001`,
      line_item_usage_amount: '1.0',
      pricing_public_on_demand_cost: '0.096',
      product_region: `'us-east-1'`,
      product_product_name: `'Amazon Elastic Compute Cloud'`,
    };
    if (fixed[c.Name] !== undefined) return fixed[c.Name] as string;
    if (c.Type === 'double') return '0.0';
    if (c.Type === 'timestamp') return 'NULL';
    return `''`;
  }

  async function writeAthenaMonth(bucket: string, month: string, columns: GlueColumn[], rows: number) {
    const [year, m] = month.split('-');
    const dir = path.join(bucket, 'cur', 'athena-cur', 'athena-cur', `year=${year}`, `month=${Number(m)}`);
    await put(bucket, `cur/athena-cur/athena-cur/year=${year}/month=${Number(m)}/.keep`, '');
    const types = { string: 'VARCHAR', double: 'DOUBLE', timestamp: 'TIMESTAMP' } as const;
    const select = (i: number) =>
      `SELECT ${columns.map((c) => `(${value(c, i, month)})::${types[c.Type]} AS "${c.Name}"`).join(', ')}`;
    const union = Array.from({ length: rows }, (_, i) => select(i)).join(' UNION ALL ');
    const file = path.join(dir, 'athena-cur-00001.snappy.parquet');
    await wh?.warehouse.run(
      `COPY (${union}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION snappy)`,
    );
    return file;
  }

  it('given two months of Athena Parquet with "" in string-typed rate columns and drifting columns, then both load exactly', async () => {
    const glue = await athenaColumns();
    const withRates: GlueColumn[] = [
      ...glue,
      { Name: 'line_item_unblended_rate', Type: 'string' },
      { Name: 'line_item_blended_rate', Type: 'string' },
      { Name: 'pricing_public_on_demand_rate', Type: 'string' },
      { Name: 'line_item_currency_code', Type: 'string' },
    ];
    const later = [
      ...withRates.filter((c) => c.Name !== 'product_volume_api_name'),
      { Name: 'resource_tags_user_team', Type: 'string' as const },
    ];
    const bucket = await tempDir('real-athena');
    wh = await openTestWarehouse();
    const jan = await writeAthenaMonth(bucket, '2024-01', withRates, 30);
    const feb = await writeAthenaMonth(bucket, '2024-02', later, 20);
    const truth = await Promise.all(
      [jan, feb].map((f) =>
        wh?.warehouse.one<{ rows: number; cost: string }>(
          'SELECT count(*)::INTEGER AS rows, sum(line_item_unblended_cost::VARCHAR::DECIMAL(38,10))::VARCHAR AS cost FROM read_parquet($f)',
          { f },
        ),
      ),
    );
    const outcomes = await wh.importExport({
      store: new LocalStore(bucket),
      prefix: 'cur',
      exportName: 'athena-cur',
    });
    expect(failuresOf(outcomes)).toEqual([]);
    expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([
      ['2024-01', 'loaded', 30],
      ['2024-02', 'loaded', 20],
    ]);
    expect(
      Object.fromEntries(Object.entries(await wh.periodTotals()).map(([p, t]) => [p, exact(t.cost)])),
    ).toEqual({
      '2024-01': exact(truth[0]?.cost),
      '2024-02': exact(truth[1]?.cost),
    });
  });
});
