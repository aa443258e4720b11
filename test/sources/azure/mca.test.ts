/**
 * An MCA billing account's ActualCost and AmortizedCost exports (camelCase names, ISO dates, tags with
 * braces, a billing profile): the billing profile is FOCUS's billing account, list cost comes from
 * paygCostInBillingCurrency, and the month lands with the generator's exact totals, conformant.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateAzureSample, sampleScopes } from '../../../src/sample/azure/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { failures, focusTotals, runAzureImport } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

describe('MCA cost details', () => {
  it('land with exact totals, the billing profile as the billing account, list cost from payg cost', async () => {
    const out = await tempDir('azure-mca');
    const sample = await generateAzureSample({
      out,
      months: 1,
      days: 3,
      rowsPerDay: 6,
      agreement: 'mca',
      gzip: false,
    });
    wh = await openTestWarehouse();
    const outcomes = await runAzureImport(wh, new LocalStore(out), 'exports', { sourceName: 'mca' });
    expect(failures(outcomes)).toEqual([]);
    expect(outcomes[0]?.validation?.status).toBe('passed');
    const [month] = sample.months;
    expect(await focusTotals(wh, 'mca')).toEqual({
      [month?.period as string]: {
        rows: month?.focusRows,
        billed: month?.billedCost,
        effective: month?.effectiveCost,
      },
    });
    const accounts = await wh.warehouse.all<Record<string, string>>(
      `SELECT DISTINCT BillingAccountId, BillingAccountType, x_Dataset IS NULL AS native FROM focus.costs ORDER BY ALL`,
    );
    expect(accounts).toEqual([
      {
        BillingAccountId: sampleScopes.mca.billingProfileId,
        BillingAccountType: 'Billing Profile',
        native: false,
      },
      {
        BillingAccountId: sampleScopes.focus.billingProfileId,
        BillingAccountType: 'Billing Profile',
        native: true,
      },
    ]);
    const list = await wh.warehouse.one<{ payg: string; list: string }>(
      `SELECT (SELECT sum(paygCostInBillingCurrency) FROM azure_billing.billing
               WHERE finops_dataset = 'AmortizedCost')::DECIMAL(38,10)::VARCHAR AS payg,
              sum(ListCost)::DECIMAL(38,10)::VARCHAR AS list
       FROM focus.costs WHERE x_Dataset = 'AmortizedCost'`,
    );
    expect(list?.list).toBe(list?.payg);
    const tags = await wh.warehouse.one<{ team: string }>(
      `SELECT Tags->>'team' AS team FROM focus.costs WHERE x_Dataset IS NOT NULL AND Tags IS NOT NULL LIMIT 1`,
    );
    expect(tags?.team).toMatch(/^(payments|search|platform)$/);
  });
});
