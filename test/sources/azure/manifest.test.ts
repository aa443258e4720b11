/**
 * Reading run manifests and choosing runs, without a warehouse: the real manifest koku keeps as a
 * fixture (manifestVersion 2021-01-01, blobs only) yields its month, run and export from the blob path;
 * a current manifest yields scope, dataset and the days it covers; and run selection lets each day come
 * from the newest run that covers it.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/sources/azure/manifest.ts';
import { type CandidateRun, coveredBy, selectRuns } from '../../../src/sources/azure/select-runs.ts';

const at = (manifestKey: string) => ({ manifestKey, url: `az://c/${manifestKey}` });

describe('an export manifest', () => {
  it("koku's real manifest: month, run and export come from the blob path", async () => {
    const text = await readFile('/work/shared/samples/azure/koku_azure_export_manifest.json', 'utf8');
    const run = parseManifest(
      text,
      at(
        'cost/partitioned/20230101-20230131/202301041442/73746dc5-5dcc-4b83-b340-bb1bd2b1ca30/manifest.json',
      ),
    );
    expect(run).toMatchObject({
      exportName: 'partitioned',
      scope: 'export:partitioned',
      dataset: 'ActualCost',
      datasetGuessed: true,
      runId: '73746dc5-5dcc-4b83-b340-bb1bd2b1ca30',
      submittedTime: '2023-01-04T14:42:00.000Z',
      period: { label: '2023-01' },
      firstDay: '2023-01-01',
      lastDay: '2023-01-31',
      blobCount: 1,
      dataRowCount: 490,
    });
    expect(run.blobs).toEqual([
      {
        blobName:
          'cost/partitioned/20230101-20230131/202301041442/73746dc5-5dcc-4b83-b340-bb1bd2b1ca30/000001.csv',
        byteCount: 423869,
        dataRowCount: 490,
      },
    ]);
  });

  it('a current manifest: scope from the resource id, dataset, overwrite delivery, days covered', () => {
    const run = parseManifest(
      JSON.stringify({
        manifestVersion: '2024-04-01',
        blobCount: 1,
        dataRowCount: 3,
        exportConfig: {
          exportName: 'focus-daily',
          resourceId:
            '/subscriptions/6F1D2C3B-4A59-4E7F-9B1A-2C3D4E5F6A7B/providers/Microsoft.CostManagement/exports/focus-daily',
          dataVersion: '1.2-preview',
          type: 'FocusCost',
        },
        deliveryConfig: { partitionData: false, dataOverwriteBehavior: 'OverwritePreviousReport' },
        runInfo: {
          runId: 'r1',
          submittedTime: '2024-03-05T02:10:00Z',
          startDate: '2024-03-01T00:00:00',
          endDate: '2024-03-04T00:00:00',
        },
        blobs: [{ blobName: 'x/part_0_0001.parquet', byteCount: 10, dataRowCount: 3 }],
      }),
      at('exports/focus-daily/20240301-20240331/r1/manifest.json'),
    );
    expect(run).toMatchObject({
      scope: '/subscriptions/6f1d2c3b-4a59-4e7f-9b1a-2c3d4e5f6a7b',
      dataset: 'FocusCost',
      dataVersion: '1.2-preview',
      overwrite: true,
      partitioned: false,
      firstDay: '2024-03-01',
      lastDay: '2024-03-04',
    });
  });

  it('a manifest that is not one names its file', () => {
    expect(() => parseManifest('{"blobs": 3}', at('m/manifest.json'))).toThrow(
      /not a Cost Management export manifest: blobs/,
    );
  });
});

describe('choosing runs', () => {
  const run = (
    runId: string,
    submitted: string,
    firstDay: string,
    lastDay: string,
    rows = 10,
  ): CandidateRun => ({
    run: {
      ...parseManifest(
        JSON.stringify({
          exportConfig: { type: 'ActualCost', exportName: 'e' },
          runInfo: { runId },
          blobs: [],
        }),
        at('e/20240301-20240331/x/manifest.json'),
      ),
      submittedTime: submitted,
      firstDay,
      lastDay,
      dataRowCount: rows,
    },
    missing: [],
  });

  it('each day comes from the newest run covering it; fully covered and empty runs are left out', () => {
    const selection = selectRuns([
      run('mtd-old', '2024-03-10T00:00:00Z', '2024-03-01', '2024-03-09'),
      run('mtd', '2024-03-20T00:00:00Z', '2024-03-01', '2024-03-19'),
      run('one-time', '2024-03-21T00:00:00Z', '2024-03-05', '2024-03-06'),
      run('empty', '2024-03-22T00:00:00Z', '2024-03-01', '2024-03-31', 0),
    ]);
    expect(selection.selected.map((s) => [s.run.runId, s.excluded])).toEqual([
      ['one-time', []],
      ['mtd', [{ first: '2024-03-05', last: '2024-03-06' }]],
    ]);
    expect(selection.notes).toEqual([
      expect.stringMatching(/empty.*no rows/),
      expect.stringMatching(/mtd-old.*superseded/),
    ]);
  });

  it('covered means every day', () => {
    const ranges = [
      { first: '2024-03-01', last: '2024-03-05' },
      { first: '2024-03-06', last: '2024-03-10' },
    ];
    expect(coveredBy({ first: '2024-03-02', last: '2024-03-10' }, ranges)).toBe(true);
    expect(coveredBy({ first: '2024-03-02', last: '2024-03-11' }, ranges)).toBe(false);
  });
});
