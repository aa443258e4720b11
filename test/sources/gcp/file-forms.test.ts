/**
 * The same export as newline-delimited JSON (gzip) and as Parquet (nested, costs as DOUBLE, as a
 * BigQuery extract to Parquet writes it) loads to the same rows and the same exact totals.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateGcpSample } from '../../../src/sample/gcp/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { quoteLiteral } from '../../../src/warehouse/sql.ts';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { gcpTotals, runGcpImport } from './helpers.ts';

const opened: TestWarehouse[] = [];
afterEach(() => {
  for (const wh of opened.splice(0)) wh.warehouse.close();
});

describe('GCP export files in each form', () => {
  it('NDJSON and Parquet copies of one export load to the same totals', async () => {
    const json = await tempDir('gcp-json');
    const sample = await generateGcpSample({
      out: json,
      months: 2,
      days: 2,
      rowsPerDay: 15,
      gzip: true,
      seed: 21,
    });
    const parquet = await tempDir('gcp-parquet');
    const scratch = await Warehouse.open({ path: ':memory:' });
    try {
      for (const m of sample.months) {
        await mkdir(path.join(parquet, m.period), { recursive: true });
        const from = path.join(json, ...(m.keys[0] ?? '').split('/'));
        const to = path.join(parquet, m.period, 'export-000000000000.parquet');
        await scratch.run(
          `COPY (SELECT * FROM read_json($from, format = 'newline_delimited')) TO ${quoteLiteral(to)} (FORMAT parquet)`,
          {
            from,
          },
        );
      }
    } finally {
      scratch.close();
    }
    const expected = sample.months.map((m) => ({ period: m.period, rows: m.rows, cost: m.billed }));
    for (const dir of [json, parquet]) {
      const wh = await openTestWarehouse();
      opened.push(wh);
      const outcomes = await runGcpImport(wh, { kind: 'files', store: new LocalStore(dir), prefix: '' });
      expect(outcomes.map((o) => [o.status, o.validation?.mandatoryFailures])).toEqual([
        ['loaded', 0],
        ['loaded', 0],
      ]);
      expect(await gcpTotals(wh)).toEqual({ raw: expected, focus: expected });
    }
  });
});
