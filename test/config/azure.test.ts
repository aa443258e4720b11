/**
 * Which Azure export sources a command works on, and with which credentials: configured by name in
 * config.toml, described ad hoc by flags and FINOPS_AZURE_*, secrets only from the environment variable
 * the configuration names.
 */
import { describe, expect, it } from 'vitest';
import { azureSchema, resolveAzureTargets } from '../../src/config/azure.ts';

const config = azureSchema.parse({
  account: 'contosobilling',
  exports: {
    ea: { source: 'az://cost-exports/finops', start_date: '2024-01' },
    mca: {
      source: 'az://mca/exports',
      exports: ['focus-daily'],
      sas_url_env: 'MCA_SAS',
      account: 'mcabilling',
    },
  },
});

describe('Azure export sources', () => {
  it('are every configured one, each with its own or the shared account and secrets from the environment', () => {
    const env = {
      AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      MCA_SAS: 'https://x/?sig=1',
    };
    const targets = resolveAzureTargets(config, {}, env);
    expect(targets.map((t) => [t.name, t.location, t.exports, t.startDate])).toEqual([
      ['ea', 'az://cost-exports/finops', undefined, '2024-01'],
      ['mca', 'az://mca/exports', ['focus-daily'], undefined],
    ]);
    expect(targets[0]?.credentials).toEqual({
      connectionString: 'UseDevelopmentStorage=true',
      sasUrl: undefined,
      account: 'contosobilling',
      endpoint: undefined,
    });
    expect(targets[1]?.credentials).toMatchObject({ sasUrl: 'https://x/?sig=1', account: 'mcabilling' });
  });

  it('flags override the configured source they name; FINOPS_AZURE_* sit between the file and the flags', () => {
    const env = { FINOPS_AZURE_START_DATE: '2024-02', FINOPS_AZURE_END_DATE: '2024-03' };
    const [target] = resolveAzureTargets(config, { name: 'ea', end_date: '2024-04' }, env);
    expect(target).toMatchObject({
      name: 'ea',
      location: 'az://cost-exports/finops',
      startDate: '2024-02',
      endDate: '2024-04',
    });
    const [adHoc] = resolveAzureTargets(config, { source: './local' }, {});
    expect(adHoc).toMatchObject({ name: 'azure', location: './local' });
  });

  it('say what is wrong: an unknown name, a bad month, nothing configured', () => {
    expect(() => resolveAzureTargets(config, { name: 'nope' }, {})).toThrow(
      /no Azure export source named "nope"/,
    );
    expect(() => resolveAzureTargets(config, { source: 'x', start_date: '2024-13' }, {})).toThrow(
      /start_date: expected YYYY-MM/,
    );
    expect(() => resolveAzureTargets(undefined, {}, {})).toThrow(/no Azure export location given/);
    expect(() => azureSchema.parse({ exports: { a: { sorce: 'x' } } })).toThrow(/sorce/);
  });
});
