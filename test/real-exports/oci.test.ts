/**
 * Oracle Cloud: the legacy cost and usage reports (`lineItem/referenceNo`, `cost/myCost`, ... CSV) that
 * OCI still delivers beside its FOCUS reports, and FOCUS rows of Oracle. finops reads OCI only as FOCUS
 * (`finops focus import`), so a legacy report must be refused with a message that says what it is.
 * Files: finopsfoundation/focus_converters (MIT), project-koku/koku (Apache-2.0); the Oracle rows of the
 * official FOCUS 1.0 sample (FinOps-Open-Cost-and-Usage-Spec/FOCUS-Sample-Data, CC BY 4.0).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import {
  column,
  corpusFile,
  focusCosts,
  focusImport,
  haveCorpus,
  placeFiles,
  readCsv,
  sumDecimals,
  why,
} from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

/** OCI's layout in its usage-report bucket: reports/cost-csv/<name>.csv.gz (here unzipped). */
async function importLegacy(name: string) {
  const dir = await placeFiles(await tempDir('real-oci'), { [`reports/${name}`]: corpusFile('oci', name) });
  wh = await openTestWarehouse();
  return focusImport(wh, dir, { name: 'oci' });
}

const refusal = (outcomes: Awaited<ReturnType<typeof importLegacy>>['outcomes']) => {
  const failed = outcomes.filter((o) => o.status === 'failed');
  return failed.length === 1
    ? why(failed[0])
    : `${outcomes.length} outcomes: ${outcomes.map((o) => o.status)}`;
};

describe.skipIf(!haveCorpus)('OCI legacy cost and usage reports given to focus import', () => {
  // The message must say what the file is, not what FOCUS column it lacks.
  it('given the 506-row cost report from focus_converters, then the import refuses it as an OCI cost report', async () => {
    const name = 'focus-converters-reports_cost-csv_0000000030000269.csv';
    const t = readCsv(corpusFile('oci', name));
    expect(t.rows.length).toBe(506);
    expect(t.header[0]).toBe('lineItem/referenceNo');
    const { outcomes } = await importLegacy(name);
    expect(refusal(outcomes)).toMatch(/OCI|Oracle/);
    expect(refusal(outcomes)).toMatch(/cost report|lineItem\/referenceNo/i);
    expect(refusal(outcomes)).not.toMatch(/have no BillingPeriodStart/);
    expect((await focusCosts(wh as TestWarehouse, 'oci')).rows).toBe(0);
  });

  it("given koku's 5-row cost report, then the import refuses it as an OCI cost report", async () => {
    const { outcomes } = await importLegacy('koku-reports_cost-csv_0001000000603747.csv');
    expect(refusal(outcomes)).toMatch(/OCI|Oracle/);
    expect(refusal(outcomes)).toMatch(/cost report|lineItem\/referenceNo/i);
  });

  it("given koku's usage report (usage/consumedQuantity, no cost columns), then the import refuses it as an OCI usage report", async () => {
    const { outcomes } = await importLegacy('koku-reports_usage-csv_0001000000829494.csv');
    expect(refusal(outcomes)).toMatch(/OCI|Oracle/);
    expect(refusal(outcomes)).toMatch(/usage report|lineItem\/referenceNo/i);
  });
});

describe('Oracle rows of the official FOCUS 1.0 sample, as an OCI FOCUS report', () => {
  const official = path.resolve(import.meta.dirname, '../../../shared/samples/focus-1.0/focus_sample.csv');

  it('given the 7 Oracle rows written where OCI writes FOCUS reports, then they load with their BilledCost', async () => {
    const dir = await tempDir('real-oci-focus');
    const file = path.join(dir, 'FOCUS Reports', '2024', '09', '30', '0001.csv');
    await mkdir(path.dirname(file), { recursive: true });
    wh = await openTestWarehouse();
    await wh.warehouse.run(
      `COPY (SELECT * FROM read_csv($src, all_varchar = true) WHERE ProviderName = 'Oracle')
       TO '${file.replace(/'/g, "''")}' (FORMAT csv, HEADER true)`,
      { src: official },
    );
    const t = readCsv(file);
    const billed = column(t, 'BilledCost').filter((v) => v !== 'NULL');
    const { outcomes } = await focusImport(wh, dir, { name: 'oci-focus' });
    expect(outcomes.filter((o) => o.status === 'failed').map(why)).toEqual([]);
    expect(await focusCosts(wh, 'oci-focus')).toMatchObject({ rows: 7, billed: sumDecimals(billed) });
    for (const o of outcomes) expect(o.validation).toBeDefined();
  });
});
