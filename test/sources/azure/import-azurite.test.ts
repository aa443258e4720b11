/**
 * Cost Management exports in Azure Blob Storage, with azurite standing in for the storage account: a
 * container holding an ActualCost, an AmortizedCost and a FocusCost export is imported through az://
 * with a connection string, lands with the generator's exact totals, and is found unchanged through a
 * read-only SAS URL, as a billing reader would be given.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../../src/errors.ts';
import { silentLogger } from '../../../src/log.ts';
import { planUnits } from '../../../src/pipeline/run-source.ts';
import { silentProgress } from '../../../src/progress.ts';
import { generateAzureSample } from '../../../src/sample/azure/generate.ts';
import { azure } from '../../../src/sources/azure/index.ts';
import { openStore } from '../../../src/stores/open-store.ts';
import { type Azurite, startAzurite } from '../../helpers/azurite.ts';
import { startFaultProxy } from '../../helpers/fault-proxy.ts';
import { openTestWarehouse, planFailure, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { ACCOUNT_PART, FOCUS_PART, failures, focusTotals, runAzureImport, runsOf } from './helpers.ts';

let azurite: Azurite;
let wh: TestWarehouse | undefined;

beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(async () => {
  await azurite.stop();
});
afterEach(() => wh?.warehouse.close());

describe('Cost Management exports in Azure Blob Storage', () => {
  it('are imported through az:// with exact totals, and found unchanged through a read-only SAS URL', async () => {
    const out = await tempDir('azure-gen');
    const sample = await generateAzureSample({ out, months: 2, days: 4, rowsPerDay: 8, seed: 11 });
    await azurite.createContainer('cost-exports');
    await azurite.uploadFolder('cost-exports', out);
    wh = await openTestWarehouse();

    const viaKey = openStore('az://cost-exports/exports', {
      azure: { connectionString: azurite.connectionString },
    });
    expect(viaKey.store.url).toBe('az://cost-exports');
    const outcomes = await runAzureImport(wh, viaKey.store, viaKey.prefix);
    expect(failures(outcomes)).toEqual([]);
    expect(outcomes.map((o) => [o.period, o.part, o.status, runsOf(o)])).toEqual([
      ['2024-01', ACCOUNT_PART, 'loaded', 2],
      ['2024-01', FOCUS_PART, 'loaded', 1],
      ['2024-02', ACCOUNT_PART, 'loaded', 2],
      ['2024-02', FOCUS_PART, 'loaded', 1],
    ]);
    expect(await focusTotals(wh)).toEqual(
      Object.fromEntries(
        sample.months.map((m) => [
          m.period,
          { rows: m.focusRows, billed: m.billedCost, effective: m.effectiveCost },
        ]),
      ),
    );
    expect(outcomes.every((o) => o.validation?.status === 'passed')).toBe(true);

    const viaSas = openStore('az://cost-exports/exports', { azure: { sasUrl: azurite.readOnlySasUrl() } });
    const plans = await planUnits(
      azure,
      {
        warehouse: wh.warehouse,
        cache: wh.cache,
        progress: silentProgress,
        logger: silentLogger,
        force: false,
      },
      { name: 'azure', location: viaSas.store.url, exp: { store: viaSas.store, prefix: viaSas.prefix } },
    );
    expect(plans.map((p) => p.loadedVersion === p.versionId)).toEqual([true, true, true, true]);
    const again = await runAzureImport(wh, viaSas.store, viaSas.prefix);
    expect(again.map((o) => o.status)).toEqual(Array(4).fill('unchanged'));
  });

  it('names the container when it does not exist, and says which role a denied reader needs', async () => {
    wh = await openTestWarehouse();
    const missing = openStore('az://no-such-container', {
      azure: { connectionString: azurite.connectionString },
    });
    expect(errorMessage(planFailure(await runAzureImport(wh, missing.store)))).toMatch(
      /az:\/\/no-such-container.*not found|not found/,
    );
    const badKey = azurite.connectionString.replace(
      /AccountKey=[^;]+/,
      `AccountKey=${Buffer.from('wrong').toString('base64')}`,
    );
    const denied = openStore('az://cost-exports', {
      azure: { connectionString: badKey },
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = planFailure(await runAzureImport(wh, denied.store));
    expect((error as Error).message).toMatch(/access denied/);
    expect((error as { hint?: string }).hint).toMatch(/Storage Blob Data Reader/);
    expect(JSON.stringify(error)).not.toContain('d3Jvbmc=');

    const sas = new URL(azurite.readOnlySasUrl());
    const sig = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    sas.searchParams.set('sig', sig);
    const forged = openStore('az://cost-exports', {
      azure: { sasUrl: sas.toString() },
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const refused = planFailure(await runAzureImport(wh, forged.store)) as Error & {
      file: string;
      hint: string;
    };
    expect(refused.message).toMatch(/access denied/);
    expect(`${refused.message} ${refused.file} ${refused.hint} ${String(refused.cause ?? '')}`).not.toContain(
      sig.slice(0, 20),
    );
  });

  it('rides out throttling and a download cut short: the SDK retries, the cache re-fetches a short body', async () => {
    const out = await tempDir('azure-faults');
    const sample = await generateAzureSample({ out, months: 1, days: 2, rowsPerDay: 5, seed: 3 });
    await azurite.createContainer('faulty');
    await azurite.uploadFolder('faulty', out);
    const proxy = await startFaultProxy(azurite.blobEndpoint.replace(/\/devstoreaccount1$/, ''));
    try {
      const viaProxy = azurite.connectionString.replace(
        /BlobEndpoint=[^;]+/,
        `BlobEndpoint=${proxy.endpoint}/devstoreaccount1`,
      );
      const isData = (req: { method?: string; url?: string }) =>
        req.method === 'GET' && /part_0_\d+\.csv\.gz/.test(req.url ?? '');
      proxy.inject(isData, { kind: 'slow-down' }, 2);
      proxy.inject(isData, { kind: 'cut-body' }, 1);
      const retry = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };
      const { store, prefix } = openStore('az://faulty/exports', {
        azure: { connectionString: viaProxy },
        retry,
      });
      wh = await openTestWarehouse();
      const outcomes = await runAzureImport(wh, store, prefix);
      expect(failures(outcomes)).toEqual([]);
      expect(proxy.faulted()).toBeGreaterThanOrEqual(3);
      const [month] = sample.months;
      expect((await focusTotals(wh))[month?.period as string]).toEqual({
        rows: month?.focusRows,
        billed: month?.billedCost,
        effective: month?.effectiveCost,
      });
    } finally {
      await proxy.stop();
    }
  });
});
