/**
 * The layout pattern and the settings: keys of an export's folders yield their billing period and batch,
 * patterns that cannot work are refused with the reason, and an OSS endpoint gets the addressing and
 * checksum behaviour OSS needs.
 */
import { describe, expect, it } from 'vitest';
import { alibabaSettings, alibabaTarget } from '../../../src/config/alibaba.ts';
import { FinopsError } from '../../../src/errors.ts';
import { compileLayout } from '../../../src/sources/alibaba/layout.ts';

describe('the Alibaba layout pattern', () => {
  it('reads the period and the batch from the default layout', () => {
    const layout = compileLayout('{account}/FOCUS/{yearmonth}/{batch_ts}/{file}');
    expect(layout.literalPrefix).toBe('');
    expect(layout.match('5012/FOCUS/202403/20240304031500/5012_26842_FOCUS_202403_1.csv.gz')).toEqual({
      period: '2024-03',
      batchId: '5012/FOCUS/202403/20240304031500',
      batchTs: '20240304031500',
      stream: '5012/FOCUS/{yearmonth}/{batch_ts}',
    });
    expect(layout.match('5012/FOCUS/202413/20240304031500/x.csv.gz')).toBeUndefined();
    expect(layout.match('5012/FOCUS/202403/x.csv.gz')).toBeUndefined();
  });

  it('takes year and month from separate folders, literal text around placeholders, and files as batches', () => {
    const layout = compileLayout('exports/focus/year={year}/month={month}/*.csv.gz');
    expect(layout.literalPrefix).toBe('exports/focus');
    expect(layout.match('exports/focus/year=2024/month=3/part-0001.csv.gz')).toEqual({
      period: '2024-03',
      batchId: 'exports/focus/year=2024/month=3/part-0001.csv.gz',
      batchTs: '',
      stream: 'exports/focus/year={year}/month={month}/part-0001.csv.gz',
    });
    expect(layout.match('exports/focus/year=2024/month=3/part-0001.parquet')).toBeUndefined();
  });

  it('refuses a pattern without a billing month, or with a placeholder twice', () => {
    expect(() => compileLayout('{account}/{batch_ts}/{file}')).toThrow(/names no billing month/);
    expect(() => compileLayout('{yearmonth}/{yearmonth}/{file}')).toThrow(/\{yearmonth\} appears twice/);
    expect(() => compileLayout('{yearmonth}/{bad-name}/{file}')).toThrow(FinopsError);
  });
});

describe('the Alibaba settings', () => {
  it('apply defaults, and flags over FINOPS_ALIBABA_* over [alibaba]', () => {
    const s = alibabaSettings(
      { source: 's3://from-file/focus', timezone: 'UTC', names: { '1011': 'Issuer' } },
      { timezone: 'auto' },
      { FINOPS_ALIBABA_SOURCE: 's3://from-env/focus' },
    );
    expect(s).toMatchObject({
      name: 'alibaba',
      source: 's3://from-env/focus',
      timezone: 'auto',
      batches: 'increment',
      pattern: '{account}/FOCUS/{yearmonth}/{batch_ts}/{file}',
      provider_name: 'Alibaba Cloud',
      names: { '1011': 'Issuer' },
      tag_keys: ['Brand', 'Project', 'Owner', 'CostCenter', 'Environment', 'Application'],
    });
    expect(() => alibabaSettings({ names: { abc: 'x' } }, {}, {})).toThrow(
      /alibaba\.names\.abc: invalid key/i,
    );
    expect(() => alibabaSettings({ batchez: 'x' }, {}, {})).toThrow(/invalid Alibaba settings/);
  });

  it('talks to OSS virtual-hosted and without the SDK default checksums, to other endpoints path-style', () => {
    const oss = alibabaTarget(
      alibabaSettings(
        { bucket: 'acme-bills', prefix: 'focus', endpoint: 'https://s3.oss-cn-hangzhou.aliyuncs.com' },
        {},
        {},
      ),
      {},
    );
    expect(oss).toEqual({
      location: 's3://acme-bills/focus',
      s3: {
        endpoint: 'https://s3.oss-cn-hangzhou.aliyuncs.com',
        forcePathStyle: false,
        checksumsWhenRequired: true,
        region: 'cn-hangzhou',
        profile: undefined,
      },
    });
    const minio = alibabaTarget(
      alibabaSettings({ source: 's3://copy/alibaba', endpoint: 'http://localhost:9000' }, {}, {}),
      {},
    );
    expect(minio.s3).toMatchObject({ forcePathStyle: true, checksumsWhenRequired: false });
    expect(() => alibabaTarget(alibabaSettings({}, {}, {}), {})).toThrow(/no location/);
  });
});
