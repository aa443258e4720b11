import { describe, expect, it } from 'vitest';
import { v1BaseColumns, v2MapEntry, v2NameOf } from '../../../src/sample/aws-cur/columns.ts';
import {
  columnType,
  snakeCase,
  targetOfSnakeColumn,
  targetOfV1Column,
} from '../../../src/sources/aws-cur/columns.ts';

describe('legacy CUR column names become CUR 2.0 names', () => {
  it("matches AWS's CUR 2.0 name for every column the generator writes", () => {
    for (const header of v1BaseColumns) {
      const target = targetOfV1Column(header);
      const map = v2MapEntry(header);
      if (map) expect(target, header).toEqual({ kind: 'map', map: map.map, key: map.key });
      else expect(target, header).toEqual({ kind: 'column', name: v2NameOf[header] });
    }
  });

  it('splits capitals the way Athena does, acronyms included', () => {
    expect(snakeCase('savingsPlan/SavingsPlanARN')).toBe('savings_plan_savings_plan_a_r_n');
    expect(snakeCase('lineItem/UsageAccountId')).toBe('line_item_usage_account_id');
    expect(snakeCase('product/fromLocation')).toBe('product_from_location');
    expect(snakeCase('resourceTags/user:Cost Center')).toBe('resource_tags_user_cost_center');
  });

  it('gathers tags and cost categories into maps, and product attributes outside the fixed set', () => {
    expect(targetOfV1Column('resourceTags/user:Cost Center')).toEqual({
      kind: 'map',
      map: 'resource_tags',
      key: 'user_cost_center',
    });
    expect(targetOfV1Column('resourceTags/aws:createdBy')).toEqual({
      kind: 'map',
      map: 'resource_tags',
      key: 'aws_created_by',
    });
    expect(targetOfV1Column('costCategory/Business Unit')).toEqual({
      kind: 'map',
      map: 'cost_category',
      key: 'business_unit',
    });
    expect(targetOfV1Column('product/vcpu')).toEqual({ kind: 'map', map: 'product', key: 'vcpu' });
    expect(targetOfV1Column('product/instanceType')).toEqual({
      kind: 'column',
      name: 'product_instance_type',
    });
    expect(targetOfSnakeColumn('resource_tags_user_team')).toEqual({
      kind: 'map',
      map: 'resource_tags',
      key: 'user_team',
    });
    expect(targetOfSnakeColumn('resource_tags')).toEqual({ kind: 'whole-map', map: 'resource_tags' });
  });

  it('declares account ids as text and money as decimal, whatever the manifest says', () => {
    expect(columnType('line_item_usage_account_id', 'BigDecimal')).toBe('VARCHAR');
    expect(columnType('bill_payer_account_id')).toBe('VARCHAR');
    expect(columnType('line_item_unblended_cost', 'OptionalBigDecimal')).toBe('DECIMAL(18,10)');
    expect(columnType('line_item_unblended_cost')).toBe('DECIMAL(18,10)');
    expect(columnType('line_item_usage_start_date', 'DateTime')).toBe('TIMESTAMPTZ');
    expect(columnType('pricing_rate_code')).toBe('VARCHAR');
    expect(columnType('some_new_column')).toBe('VARCHAR');
  });
});
