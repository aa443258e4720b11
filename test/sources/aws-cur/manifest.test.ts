import { describe, expect, it } from 'vitest';
import { FinopsError } from '../../../src/errors.ts';
import { parseManifest, rebaseKey } from '../../../src/sources/aws-cur/manifest.ts';

const ctx = {
  url: 's3://b/cur/x/20240301-20240401/x-Manifest.json',
  manifestKey: 'cur/x/20240301-20240401/x-Manifest.json',
  exportName: 'x',
  prefix: 'cur',
};

describe('CUR manifests', () => {
  it('reads a legacy manifest', () => {
    const d = parseManifest(
      JSON.stringify({
        assemblyId: 'abc',
        billingPeriod: { start: '20240301T000000.000Z', end: '20240401T000000.000Z' },
        reportKeys: ['cur/x/20240301-20240401/abc/x-1.csv.gz'],
        columns: [{ category: 'lineItem', name: 'UnblendedCost', type: 'OptionalBigDecimal' }],
        compression: 'GZIP',
      }),
      ctx,
    );
    expect(d).toMatchObject({
      curVersion: 'v1',
      versionId: 'abc',
      format: 'csv',
      files: ['cur/x/20240301-20240401/abc/x-1.csv.gz'],
    });
    expect(d.period.label).toBe('2024-03');
    expect(d.columnTypes.get('lineItem/UnblendedCost')).toBe('OptionalBigDecimal');
  });

  it('reads a CUR 2.0 manifest and maps s3:// URIs of a copied delivery to keys under the configured prefix', () => {
    const d = parseManifest(
      JSON.stringify({
        executionId: 'exec-1',
        billingPeriod: { start: '2024-03-01T00:00:00.000Z', end: '2024-04-01T00:00:00.000Z' },
        dataFiles: ['s3://original-bucket/old/prefix/x/data/BILLING_PERIOD=2024-03/x-00001.snappy.parquet'],
      }),
      { ...ctx, prefix: 'copies/cur' },
    );
    expect(d).toMatchObject({ curVersion: 'v2', versionId: 'exec-1', format: 'parquet' });
    expect(d.files).toEqual(['copies/cur/x/data/BILLING_PERIOD=2024-03/x-00001.snappy.parquet']);
  });

  it('keeps keys that already sit under the configured prefix', () => {
    expect(rebaseKey('cur/x/a.csv.gz', { exportName: 'x', prefix: 'cur' })).toBe('cur/x/a.csv.gz');
    expect(rebaseKey('other/x/a.csv.gz', { exportName: 'x', prefix: '' })).toBe('x/a.csv.gz');
  });

  it('refuses JSON that is not a CUR manifest, or not JSON at all, naming the file', () => {
    expect(() => parseManifest('{"hello": 1}', ctx)).toThrow(/unknown manifest shape/);
    expect(() => parseManifest('{"assemblyId": "a", "reportKeys": "x"}', ctx)).toThrow(FinopsError);
    try {
      parseManifest('{not json', ctx);
    } catch (error) {
      expect((error as FinopsError).describe()).toMatch(
        /^s3:\/\/b\/cur\/x\/20240301-20240401\/x-Manifest\.json: the manifest is not valid JSON/,
      );
    }
  });
});
