/**
 * The billing export in BigQuery, read with the real @google-cloud/bigquery client over HTTP from a
 * local stand-in of the BigQuery REST API (test/helpers/bigquery-standin.ts). Authentication is the
 * library's own `authClient` option with a google-auth-library OAuth2Client holding a fixed access
 * token, which the stand-in checks; no Google account is involved.
 *
 * A month is queried with its partition window and invoice month, polled until the job completes, paged
 * into files, loaded with exact totals; the client retries a 503 on its own; an unchanged month is only probed; a query that fails
 * mid-paging leaves the published month as it was, with the failure in the ledger.
 */
import { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateGcpSample } from '../../../src/sample/gcp/generate.ts';
import { BillingTable } from '../../../src/sources/gcp/bigquery.ts';
import { parseTableRef } from '../../../src/sources/gcp/table-name.ts';
import { type BigQueryStandIn, startBigQueryStandIn } from '../../helpers/bigquery-standin.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { gcpTotals, runGcpImport } from './helpers.ts';

const tableName = 'acme-billing.billing_export.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9';
let bq: BigQueryStandIn;
let wh: TestWarehouse | undefined;

beforeAll(async () => {
  bq = await startBigQueryStandIn();
});
afterAll(() => bq.stop());
afterEach(() => wh?.warehouse.close());

function billingTable(pageRows = 40) {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: bq.token });
  return new BillingTable(parseTableRef(tableName), {
    apiEndpoint: bq.endpoint,
    authClient,
    location: 'US',
    pageRows,
  });
}

const jobsOf = (marker: string) =>
  bq.requests().filter((r) => r.method === 'POST' && JSON.stringify(r.body).includes(marker));

describe('a GCP billing export table in BigQuery', () => {
  it('loads an invoice month page by page, exactly, through a 503, and skips it when unchanged', async () => {
    const sample = await generateGcpSample({
      out: await tempDir('gcp-bq'),
      months: 2,
      days: 4,
      rowsPerDay: 25,
      seed: 3,
    });
    bq.setTable(
      tableName,
      sample.months.flatMap((m) => m.tableRows),
    );
    const january = sample.months[0];
    if (!january) throw new Error('no sample month');
    wh = await openTestWarehouse();
    bq.fail({ call: 'results', status: 503 });
    // Each query answers "not complete yet" once before its rows, as a real job that takes a while.
    bq.slowJobs(1);

    const origin = { kind: 'bigquery', table: billingTable() } as const;
    const loaded = await runGcpImport(wh, origin, { months: ['2024-01'], location: tableName });
    expect(loaded.map((o) => [o.period, o.status, o.rows, o.costTotals])).toEqual([
      ['2024-01', 'loaded', january.rows, { USD: january.billed }],
    ]);
    expect(await gcpTotals(wh)).toEqual({
      raw: [{ period: '2024-01', rows: january.rows, cost: january.billed }],
      focus: [{ period: '2024-01', rows: january.rows, cost: january.billed }],
    });
    expect(loaded[0]?.files).toBe(Math.ceil(january.rows / 40));
    expect(loaded[0]?.validation?.mandatoryFailures).toBe(0);

    // The month query scanned the month's partitions only, and the 503 was retried by the client.
    const month = jobsOf('finops:month-rows')[0]?.body as {
      configuration: {
        query: { query: string; queryParameters: { name: string; parameterValue: { value: string } }[] };
      };
    };
    expect(month.configuration.query.query).toContain('_PARTITIONTIME >= TIMESTAMP(@partition_from)');
    expect(
      Object.fromEntries(
        month.configuration.query.queryParameters.map((p) => [p.name, p.parameterValue.value]),
      ),
    ).toEqual({
      invoice_month: '202401',
      partition_from: '2023-12-31T00:00:00.000Z',
      partition_to: '2024-02-16T00:00:00.000Z',
    });
    const results = bq.requests().filter((r) => r.path.includes('/queries/'));
    expect(results.filter((r) => r.query.pageToken).length).toBe(Math.ceil(january.rows / 40) - 1);
    expect(results.filter((r) => r.query.pageToken).every((r) => r.query.maxResults === '40')).toBe(true);
    expect(bq.requests().every((r) => r.authorization === `Bearer ${bq.token}`)).toBe(true);

    const again = await runGcpImport(
      wh,
      { kind: 'bigquery', table: billingTable() },
      { months: ['2024-01'], location: tableName },
    );
    expect(again.map((o) => o.status)).toEqual(['unchanged']);
    expect(jobsOf('finops:month-rows').length).toBe(1);
    expect(jobsOf('finops:probe').length).toBe(2);
    bq.slowJobs(0);
  });

  it('keeps the published month when the query fails on its second page', async () => {
    const sample = await generateGcpSample({
      out: await tempDir('gcp-bq'),
      months: 1,
      days: 3,
      rowsPerDay: 30,
      seed: 5,
    });
    bq.setTable(tableName, sample.months[0]?.tableRows ?? []);
    wh = await openTestWarehouse();
    const origin = { kind: 'bigquery', table: billingTable(50) } as const;
    await runGcpImport(wh, origin, { months: ['2024-01'], location: tableName });
    const before = await gcpTotals(wh);

    bq.fail({ call: 'page:2', status: 400, reason: 'invalid' });
    const failed = await runGcpImport(wh, origin, { months: ['2024-01'], location: tableName, force: true });
    expect(failed.map((o) => o.status)).toEqual(['failed']);
    expect(String(failed[0]?.error)).toMatch(/BigQuery page 2 failed: injected fault/);
    expect(await gcpTotals(wh)).toEqual(before);
    const ledger = await wh.warehouse.all(
      `SELECT status, message FROM finops_meta.loads WHERE source_type = 'gcp' ORDER BY load_id`,
    );
    expect(ledger.map((l) => l.status)).toEqual(['succeeded', 'failed']);
    expect(String(ledger[1]?.message)).toContain(tableName);
    const stages = await wh.warehouse.all(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%__stage_%'`,
    );
    expect(stages).toEqual([]);
  });

  it('refuses a table name that is not project.dataset.table', () => {
    expect(() => parseTableRef('acme-billing.billing_export.x`; DROP TABLE y; --')).toThrow(
      /not a BigQuery table name/,
    );
    expect(() => parseTableRef('billing_export.gcp_billing_export_v1_X')).toThrow(
      /not a BigQuery table name/,
    );
    expect(parseTableRef('example.com:acme-billing.billing.gcp_billing_export_v1_X')).toEqual({
      project: 'example.com:acme-billing',
      dataset: 'billing',
      table: 'gcp_billing_export_v1_X',
    });
  });
});
