/**
 * Exports of the billing table copied to Cloud Storage as gzip newline-delimited JSON, read with the real
 * @google-cloud/storage client from a local stand-in of the GCS JSON API (the library does not
 * authenticate against a custom endpoint, as with its emulators). Both months load with exact totals
 * through a 503 on the listing and a download cut short; a second import downloads nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../../src/errors.ts';
import { generateGcpSample } from '../../../src/sample/gcp/generate.ts';
import { openStore } from '../../../src/stores/open-store.ts';
import { type GcsStandIn, startGcsStandIn } from '../../helpers/gcs-standin.ts';
import { openTestWarehouse, planFailure, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { gcpTotals, runGcpImport } from './helpers.ts';

let gcs: GcsStandIn;
let wh: TestWarehouse | undefined;

beforeAll(async () => {
  gcs = await startGcsStandIn(2);
});
afterAll(() => gcs.stop());
afterEach(() => wh?.warehouse.close());

function origin(location: string) {
  const { store, prefix } = openStore(location, {
    gcs: { apiEndpoint: gcs.endpoint, projectId: 'acme-billing' },
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 1000 },
  });
  return { kind: 'files', store, prefix } as const;
}

const downloads = () => gcs.requests().filter((r) => r.query.alt === 'media').length;

describe('GCP billing export files in Cloud Storage', () => {
  it('are listed page by page, downloaded, loaded exactly, and not downloaded again', async () => {
    const out = await tempDir('gcp-gcs');
    const sample = await generateGcpSample({
      out,
      months: 2,
      days: 3,
      rowsPerDay: 20,
      filesPerMonth: 2,
      gzip: true,
      seed: 11,
    });
    await gcs.uploadFolder('acme-billing-exports', out);
    gcs.put('acme-billing-exports', 'gcp-billing/README.txt', 'not an export file');
    gcs.fail({ call: 'list', status: 503 });
    gcs.fail({ call: 'media', status: 200, truncateAt: 100 });
    wh = await openTestWarehouse();

    const location = 'gs://acme-billing-exports/gcp-billing';
    const loaded = await runGcpImport(wh, origin(location), { location });
    expect(loaded.map((o) => [o.period, o.status, o.rows, o.costTotals])).toEqual(
      sample.months.map((m) => [m.period, 'loaded', m.rows, { USD: m.billed }]),
    );
    const expected = sample.months.map((m) => ({ period: m.period, rows: m.rows, cost: m.billed }));
    expect(await gcpTotals(wh)).toEqual({ raw: expected, focus: expected });
    const files = await wh.warehouse.all(
      `SELECT DISTINCT f.key, f.etag FROM finops_meta.load_files f JOIN finops_meta.loads l USING (load_id)
       WHERE l.source_type = 'gcp' ORDER BY f.key`,
    );
    expect(files.map((f) => f.key)).toEqual(sample.months.flatMap((m) => m.keys));
    expect(files.every((f) => /^[0-9a-f]{32}$/.test(String(f.etag)))).toBe(true);
    expect(downloads()).toBe(5); // four files, one of them twice (its first body was cut short)

    const again = await runGcpImport(wh, origin(location), { location });
    expect(again.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect(downloads()).toBe(5);
  });

  it('says which object is a truncated gzip, and keeps what was published', async () => {
    const out = await tempDir('gcp-gcs');
    await generateGcpSample({ out, months: 1, days: 2, rowsPerDay: 10, gzip: true, seed: 2 });
    await gcs.uploadFolder('broken-exports', out);
    wh = await openTestWarehouse();
    const location = 'gs://broken-exports/gcp-billing';
    const first = await runGcpImport(wh, origin(location), { location });
    expect(first.map((o) => o.status)).toEqual(['loaded']);
    const before = await gcpTotals(wh);

    // The month's file is delivered again, cut off half way.
    const key = 'gcp-billing/2024-01/billing-export-000000000000.json.gz';
    const whole = await readFile(path.join(out, ...key.split('/')));
    gcs.put('broken-exports', key, whole.subarray(0, Math.floor(whole.length / 2)));
    const failure = await runGcpImport(wh, origin(location), { location }).then(planFailure);
    expect(errorMessage(failure)).toMatch(
      /^gs:\/\/broken-exports\/gcp-billing\/2024-01\/billing-export-000000000000\.json\.gz: .*(truncated|incomplete|unexpected end)/i,
    );
    expect(await gcpTotals(wh)).toEqual(before);
  });
});
