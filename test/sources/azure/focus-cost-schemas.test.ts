/**
 * Every FocusCost dataset version Microsoft publishes a schema for (1.0, 1.0r2, 1.2-preview, 1.2): a
 * file with exactly the schema's columns, in its order, imports, its FOCUS columns typed and its
 * Microsoft x_ columns kept, whatever the version.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { deliverRun, failures, runAzureImport } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

interface Mapping {
  source: { name: string; type: string };
}

const values: Record<string, string> = {
  BilledCost: '12.5',
  EffectiveCost: '10.25',
  BillingCurrency: 'USD',
  BillingPeriodStart: '2024-05-01T00:00:00Z',
  BillingPeriodEnd: '2024-06-01T00:00:00Z',
  ChargePeriodStart: '2024-05-07T00:00:00Z',
  ChargePeriodEnd: '2024-05-08T00:00:00Z',
  ChargeCategory: 'Usage',
  ChargeFrequency: 'Usage-Based',
  ProviderName: 'Microsoft',
  ResourceId: '/subscriptions/ABC/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/VM1',
  SubAccountId: 'ABC-DEF',
  Tags: '{"env":"prod"}',
  SkuPriceDetails: '{"x_OneKey":"1"}',
  x_SkuDetails: '{"VCPUs":2}',
};

function sampleValue(m: Mapping): string {
  const given = values[m.source.name];
  if (given !== undefined) return given;
  if (m.source.type === 'Decimal') return '1.5';
  if (m.source.type === 'DateTimeOffset' || m.source.type === 'DateTime') return '2024-05-07T00:00:00Z';
  if (m.source.type === 'Boolean') return 'true';
  return '';
}

describe('FocusCost schemas', () => {
  it.each(['1.0', '1.0r2', '1.2-preview', '1.2'])(
    'version %s imports with typed FOCUS and kept x_ columns',
    async (version) => {
      const schema = JSON.parse(
        await readFile(`/work/shared/reference/azure-export-schemas/focuscost_${version}.json`, 'utf8'),
      ) as { translator: { mappings: Mapping[] } };
      const columns = schema.translator.mappings;
      const csv = `${columns.map((m) => m.source.name).join(',')}\n${columns.map((m) => JSON.stringify(sampleValue(m)).replace(/\\"/g, '""')).join(',')}\n`;
      const out = await tempDir('azure-schema');
      await deliverRun({
        out,
        exportName: 'focus',
        type: 'FocusCost',
        scope: '/subscriptions/abc',
        period: '2024-05',
        runId: `00000000-0000-4000-8000-00000000000${version.length}`,
        files: { 'part_0_0001.csv': csv },
      });
      wh = await openTestWarehouse();
      const outcomes = await runAzureImport(wh, new LocalStore(out));
      expect(failures(outcomes)).toEqual([]);
      const row = await wh.warehouse.one<Record<string, string>>(
        `SELECT BilledCost::VARCHAR AS billed, EffectiveCost::VARCHAR AS effective, ResourceId, SubAccountId,
              Tags->>'env' AS env, x_SourceType,
              typeof(ChargePeriodStart) AS start_type
       FROM focus.costs`,
      );
      expect(row).toMatchObject({
        billed: '12.500000000000000000',
        effective: '10.250000000000000000',
        ResourceId: '/subscriptions/abc/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm1',
        SubAccountId: 'abc-def',
        env: 'prod',
        x_SourceType: 'azure',
        start_type: 'TIMESTAMP WITH TIME ZONE',
      });
      const described = await wh.warehouse.all<{ name: string }>(
        `SELECT column_name AS name FROM (DESCRIBE focus.costs) WHERE column_name LIKE 'x\\_%' ESCAPE '\\'`,
      );
      const kept = new Set(described.map((d) => d.name));
      for (const m of columns.filter((c) => c.source.name.startsWith('x_')))
        expect(kept).toContain(m.source.name);
    },
  );
});
