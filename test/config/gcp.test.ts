/**
 * Which GCP exports a command works on: a configured one by name (flags override its keys, `[gcp]`
 * supplies shared keys), one given ad hoc, or every configured one; and the mistakes a user can make.
 */
import { describe, expect, it } from 'vitest';
import { gcpSchema, resolveGcpTargets } from '../../src/config/gcp.ts';

const config = gcpSchema.parse({
  location: 'EU',
  exports: {
    prod: {
      table: 'acme-billing.billing.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9',
      project_id: 'finops-jobs',
    },
    archive: { source: 'gs://acme-archive/gcp' },
  },
});

describe('GCP export settings', () => {
  it('every configured export, with the shared keys of [gcp]', () => {
    expect(resolveGcpTargets(config, {}, {})).toEqual([
      {
        name: 'prod',
        settings: {
          table: 'acme-billing.billing.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9',
          project_id: 'finops-jobs',
          location: 'EU',
        },
      },
      { name: 'archive', settings: { source: 'gs://acme-archive/gcp', location: 'EU' } },
    ]);
  });

  it('one by name, a flag overriding its key; or one ad hoc from flags or FINOPS_GCP_*', () => {
    expect(resolveGcpTargets(config, { name: 'prod', location: 'US' }, {})[0]?.settings.location).toBe('US');
    expect(resolveGcpTargets(config, { source: './exports' }, {})).toEqual([
      { name: 'gcp', settings: { source: './exports', location: 'EU' } },
    ]);
    expect(resolveGcpTargets(config, {}, { FINOPS_GCP_SOURCE: 'gs://b/p' })[0]?.settings.source).toBe(
      'gs://b/p',
    );
  });

  it('refuses an unknown name, both table and source, and nothing at all', () => {
    expect(() => resolveGcpTargets(config, { name: 'staging' }, {})).toThrow(/no GCP export named "staging"/);
    expect(() => resolveGcpTargets(config, { name: 'prod', source: './x' }, {})).toThrow(
      /exactly one of table and source/,
    );
    expect(() => resolveGcpTargets(gcpSchema.parse({}), {}, {})).toThrow(/no GCP billing export given/);
    expect(() => gcpSchema.parse({ exports: { x: { tabel: 'a.b.c' } } })).toThrow(/tabel/);
  });
});
