/**
 * The names CloudZero reads a drop by: month folders, drop ids, tag columns, and the root that must be a
 * folder. Examples are the ones on CloudZero's pages (anycost-cbf-drop-specs, anycost-common-bill-format-cbf).
 */
import { describe, expect, it } from 'vitest';
import {
  billingDataId,
  checkRoot,
  formatDropId,
  nextDropId,
  periodOfBillingDataId,
} from '../../../src/publish/cbf/layout.ts';
import { cbfTagKey, planTagColumns, tagColumnSql } from '../../../src/publish/cbf/tags.ts';
import { openStore } from '../../../src/stores/open-store.ts';

describe('CBF drop layout', () => {
  it('names a month from its first day to the first day of the next', () => {
    expect(billingDataId('2022-05')).toBe('20220501-20220601');
    expect(billingDataId('2023-12')).toBe('20231201-20240101');
    expect(periodOfBillingDataId('20231201-20240101')).toBe('2023-12');
    expect(periodOfBillingDataId('20231201-20240201')).toBeUndefined();
    expect(periodOfBillingDataId('manifest.json')).toBeUndefined();
  });

  it('names a drop by its UTC time, always after the drops before it', () => {
    // The docs' example: "May 19, 2022 at 3:45:16PM UTC would have a drop ID of 20220519T154516Z".
    expect(formatDropId(new Date('2022-05-19T15:45:16.789Z'))).toBe('20220519T154516Z');
    const now = new Date('2024-03-02T10:00:00.500Z');
    expect(nextDropId(now, [])).toBe('20240302T100000Z');
    expect(nextDropId(now, ['20240302T100000Z'])).toBe('20240302T100001Z');
    expect(nextDropId(now, ['20240302T100000Z', '20240302T100005Z', 'by-hand'])).toBe('20240302T100006Z');
    expect(nextDropId(now, ['20240101T000000Z'])).toBe('20240302T100000Z');
  });

  it("refuses a bucket's root, and takes any folder", () => {
    expect(() => checkRoot(openStore('s3://acme-cloudzero'))).toThrow(
      /bucket's root.*folder inside the bucket/,
    );
    expect(() => checkRoot(openStore('s3://acme-cloudzero/'))).toThrow(/bucket's root/);
    expect(() => checkRoot(openStore('s3://acme-cloudzero/cloudzero/aws'))).not.toThrow();
    expect(() => checkRoot(openStore('./drops'))).not.toThrow();
  });
});

describe('CBF tag columns', () => {
  it("keeps CloudZero's allowed characters and makes the others _", () => {
    // Valid per the docs: team, Product-Type; invalid: "Team Name", "Product&Dev".
    expect(cbfTagKey('team')).toBe('team');
    expect(cbfTagKey('Product-Type')).toBe('Product-Type');
    expect(cbfTagKey('Team Name')).toBe('Team_Name');
    expect(cbfTagKey('Product&Dev')).toBe('Product_Dev');
    expect(cbfTagKey('aws:created_by')).toBe('aws:created_by');
    expect(cbfTagKey('k8s.io/app=x+y@z')).toBe('k8s.io/app=x+y@z');
    expect(cbfTagKey(' org')).toBe('_org');
    expect(cbfTagKey('Kostenstelle€')).toBe('Kostenstelle_');
  });

  it('gives keys that become the same one column, filled from each in turn', () => {
    const columns = planTagColumns(['env', 'Cost Center', 'Cost_Center', '']);
    expect(columns).toEqual([
      { column: 'resource/tag:Cost_Center', keys: ['Cost Center', 'Cost_Center'] },
      { column: 'resource/tag:env', keys: ['env'] },
    ]);
    expect(tagColumnSql(columns[0] as (typeof columns)[0])).toBe(
      `CASE WHEN nullif(ResourceId, '') IS NOT NULL THEN coalesce(json_extract_string(Tags, '$."Cost Center"'), ` +
        `json_extract_string(Tags, '$."Cost_Center"')) END AS "resource/tag:Cost_Center"`,
    );
    expect(tagColumnSql({ column: 'resource/tag:a_b', keys: [`a"b'`] })).toBe(
      `CASE WHEN nullif(ResourceId, '') IS NOT NULL THEN json_extract_string(Tags, '$."a\\"b''"') END AS "resource/tag:a_b"`,
    );
  });
});
