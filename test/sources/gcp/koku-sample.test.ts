/**
 * The real rows: koku's copy of a GCP billing export, flattened to CSV (nested fields as Python-style
 * lists), read as a file source. Every row lands, promotional credits become Credit rows, the month's
 * BilledCost is cost + credits to the last digit, and the FOCUS rows pass the requirements model.
 * Sample: project-koku/koku, koku/masu/test/data/gcp/ (Apache-2.0; see ../shared/samples/PROVENANCE.md).
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { gcpTotals, runGcpImport } from './helpers.ts';

const samples = path.resolve(import.meta.dirname, '../../../../shared/samples/gcp');
let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

describe('the koku GCP export sample (flattened CSV)', () => {
  it('loads November 2020 with its credits, exactly, and passes FOCUS validation', async () => {
    const dir = await tempDir('gcp-koku');
    await copyFile(path.join(samples, 'koku_gcp_evidence-2020-11-16.csv'), path.join(dir, 'evidence.csv'));
    wh = await openTestWarehouse();
    const outcomes = await runGcpImport(wh, { kind: 'files', store: new LocalStore(dir), prefix: '' });
    expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([['2020-11', 'loaded', 224]]);
    // 224 rows cost 0.000183 USD; 38 free-trial credits take exactly that off: Google invoices nothing.
    expect(outcomes[0]?.costTotals).toEqual({ USD: '0.000000000' });
    expect(await gcpTotals(wh)).toEqual({
      raw: [{ period: '2020-11', rows: 224, cost: '0.000000000' }],
      focus: [{ period: '2020-11', rows: 224, cost: '0.000000000' }],
    });
    const credits = await wh.warehouse.one(
      `SELECT count(*)::INTEGER AS n, sum(BilledCost)::DECIMAL(38,9)::VARCHAR AS cost, any_value(x_CreditType) AS type
       FROM focus.costs WHERE ChargeCategory = 'Credit'`,
    );
    expect(credits).toEqual({ n: 38, cost: '-0.000183000', type: 'PROMOTION' });
    const usage = await wh.warehouse.one(
      `SELECT sum(BilledCost)::DECIMAL(38,9)::VARCHAR AS billed, count(DISTINCT ServiceName)::INTEGER AS services,
              count(*) FILTER (WHERE Tags->>'goog-resource-type' = 'bigquery_dataset')::INTEGER AS datasets
       FROM focus.costs WHERE ChargeCategory = 'Usage'`,
    );
    expect(usage).toEqual({ billed: '0.000183000', services: 3, datasets: 41 });
    expect(outcomes[0]?.validation).toMatchObject({ status: 'passed', mandatoryFailures: 0 });
  });
});
