/**
 * The whole path against a real S3 API (s3rver on localhost): a delivery uploaded in AWS's layout is
 * listed, imported, queried, re-imported (nothing to do) and replaced by a new version. The real,
 * anonymized CUR sample from ../shared/samples goes through the same path.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cloudApplicability } from '../../../src/focus/applicability.ts';
import { validateFocus } from '../../../src/focus/validate/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { planUnits } from '../../../src/pipeline/run-source.ts';
import { silentProgress } from '../../../src/progress.ts';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { awsCur } from '../../../src/sources/aws-cur/index.ts';
import { openStore } from '../../../src/stores/open-store.ts';
import { writeV1Delivery } from '../../helpers/delivery.ts';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

// The real sample (MIT, finopsfoundation/focus_converters; see ../shared/samples/PROVENANCE.md).
const realSample = path.resolve(
  import.meta.dirname,
  '../../../../shared/samples/aws-cur-v1/sample-anonymous-aws-export-dataset.csv',
);

let s3: LocalS3;
let wh: TestWarehouse | undefined;

beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3.stop());
afterEach(() => wh?.warehouse.close());

function s3Export(bucket: string, exportName = 'finops-demo') {
  const { store, prefix } = openStore(`s3://${bucket}/cur`, { s3: s3.settings() });
  return { store, prefix, exportName };
}

describe('a CUR export in an S3 bucket', () => {
  it('is listed, imported, re-imported as a no-op, and replaced by a new version', async () => {
    await s3.createBucket('billing-v1');
    const local = await tempDir('gen');
    const first = await generateCurSample({
      out: local,
      months: 2,
      rows: 400,
      files: 2,
      versions: 2,
      seed: 21,
    });
    await s3.uploadFolder('billing-v1', local);
    wh = await openTestWarehouse();

    const exp = s3Export('billing-v1');
    const plan = await planUnits(
      awsCur,
      {
        warehouse: wh.warehouse,
        cache: wh.cache,
        progress: silentProgress,
        logger: silentLogger,
        force: false,
      },
      { name: 'finops-demo', location: exp.store.url, exp },
    );
    expect(
      plan.map((p) => (p.blocked ? 'blocked' : [p.period, p.versionId, p.objects.length, p.loadedVersion])),
    ).toEqual([
      ['2024-01', first.periods[0]?.current.versionId, 2, undefined],
      ['2024-02', first.periods[1]?.current.versionId, 2, undefined],
    ]);

    const loaded = await wh.importExport(s3Export('billing-v1'));
    expect(loaded.map((o) => o.status)).toEqual(['loaded', 'loaded']);
    expect(await wh.periodTotals()).toEqual(
      Object.fromEntries(
        first.periods.map((p) => [p.period, { rows: p.current.rows, cost: p.current.unblendedCost }]),
      ),
    );

    expect((await wh.importExport(s3Export('billing-v1'))).map((o) => o.status)).toEqual([
      'unchanged',
      'unchanged',
    ]);

    const again = await tempDir('gen2');
    const second = await generateCurSample({ out: again, months: 1, rows: 700, versions: 1, seed: 22 });
    await s3.uploadFolder('billing-v1', again);
    const replaced = await wh.importExport(s3Export('billing-v1'));
    expect(replaced.map((o) => o.status)).toEqual(['loaded', 'unchanged']);
    expect((await wh.periodTotals())['2024-01']).toEqual({
      rows: second.periods[0]?.current.rows,
      cost: second.periods[0]?.current.unblendedCost,
    });
  });

  it('imports CUR 2.0 whose manifest lists full s3:// URIs of another bucket name', async () => {
    await s3.createBucket('billing-v2');
    const local = await tempDir('gen');
    const sample = await generateCurSample({ out: local, months: 1, rows: 300, curVersion: 'v2', seed: 23 });
    await s3.uploadFolder('billing-v2', local);
    wh = await openTestWarehouse();
    const [outcome] = await wh.importExport(s3Export('billing-v2'));
    expect(outcome?.status).toBe('loaded');
    expect(outcome?.versionId).toBe(sample.periods[0]?.current.versionId);
    expect(await wh.periodTotals()).toEqual({
      '2024-01': { rows: sample.periods[0]?.current.rows, cost: sample.periods[0]?.current.unblendedCost },
    });
  });

  it('imports the real anonymized CUR sample exactly, re-imports nothing, and takes a new version', async () => {
    await s3.createBucket('billing-real');
    const local = await tempDir('real');
    await writeV1Delivery({
      bucketDir: local,
      exportName: 'sample-export',
      period: '2023-11',
      files: [{ name: 'sample-export-1.csv.gz', body: gzipSync(await readFile(realSample)) }],
    });
    await s3.uploadFolder('billing-real', local);
    wh = await openTestWarehouse();

    const [outcome] = await wh.importExport(s3Export('billing-real', 'sample-export'));
    expect(outcome?.status).toBe('loaded');
    // 1,281 line items; the exact sum of lineItem/UnblendedCost as delivered (681 of them in E-notation).
    expect(await wh.periodTotals()).toEqual({ '2023-11': { rows: 1281, cost: '1.6823086974' } });
    const columns = await wh.warehouse.all<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM aws_billing.column_lineage WHERE source_name = 'sample-export'`,
    );
    expect(columns[0]?.n).toBe(94);
    // In FOCUS, it passes every rule of the FOCUS 1.2 requirements model that applies to AWS.
    const report = await validateFocus(wh.warehouse, {
      relation: 'focus.costs',
      applicability: cloudApplicability,
    });
    expect(report.results.filter((r) => r.status === 'fail').map((r) => r.ruleId)).toEqual([]);
    expect(report.summary.pass).toBeGreaterThan(250);
    const ledger = await wh.warehouse.one<{ v: string }>('SELECT validation AS v FROM finops_meta.loads');
    expect(JSON.parse(ledger?.v ?? '{}')).toMatchObject({ status: 'passed', fail: 0, mandatoryFailures: 0 });
    expect((await wh.importExport(s3Export('billing-real', 'sample-export'))).map((o) => o.status)).toEqual([
      'unchanged',
    ]);

    // AWS restates the month: a new assembly with the first 1,000 line items only.
    const lines = (await readFile(realSample, 'utf8')).split('\n');
    const restated = `${lines.slice(0, 1001).join('\n')}\n`;
    const again = await tempDir('real2');
    await writeV1Delivery({
      bucketDir: again,
      exportName: 'sample-export',
      period: '2023-11',
      assemblyId: 'f0e1d2c3-0000-4000-8000-00000000000b',
      files: [{ name: 'sample-export-1.csv.gz', body: gzipSync(restated) }],
    });
    await s3.uploadFolder('billing-real', again);
    const subset = path.join(again, 'subset.csv');
    await writeFile(subset, restated);
    const expected = await wh.warehouse.one<{ rows: number; cost: string }>(
      `SELECT count(*)::INTEGER AS rows, sum("lineItem/UnblendedCost"::DECIMAL(38,10))::VARCHAR AS cost
       FROM read_csv($file, all_varchar = true)`,
      { file: subset },
    );
    expect((await wh.importExport(s3Export('billing-real', 'sample-export'))).map((o) => o.status)).toEqual([
      'loaded',
    ]);
    expect(await wh.periodTotals()).toEqual({ '2023-11': expected });

    const taxed = await wh.warehouse.all(
      `SELECT line_item_line_item_type AS type, count(*)::INTEGER AS n, min(bill_payer_account_id) AS payer
       FROM aws_billing.billing GROUP BY ALL ORDER BY 1`,
    );
    expect(taxed.map((t) => t.payer)).toEqual(taxed.map(() => '123412340534'));
  });
});
