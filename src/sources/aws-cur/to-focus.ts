/**
 * Normalize: the staged raw rows of one export and period become FOCUS rows in a stage table beside
 * the FOCUS period table, through focus.sql. Columns the mapping reads but this delivery lacks (no
 * Reserved Instances this month, legacy CUR without account names) are supplied as typed NULLs, so one
 * mapping serves every delivery.
 */
import { fileURLToPath } from 'node:url';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import { JSON_OBJECT } from '../../warehouse/types.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { createFocusStage, type FocusStageRequest, lineageParams, presentOrNull } from '../focus-stage.ts';
import { columnType, mapColumns } from './columns.ts';

/** The raw columns focus.sql reads. */
export const focusInputs = [
  'bill_bill_type',
  'bill_billing_entity',
  'bill_billing_period_end_date',
  'bill_billing_period_start_date',
  'bill_invoice_id',
  'bill_invoicing_entity',
  'bill_payer_account_id',
  'bill_payer_account_name',
  'cost_category',
  'identity_line_item_id',
  'line_item_availability_zone',
  'line_item_currency_code',
  'line_item_legal_entity',
  'line_item_line_item_description',
  'line_item_line_item_type',
  'line_item_operation',
  'line_item_product_code',
  'line_item_resource_id',
  'line_item_tax_type',
  'line_item_unblended_cost',
  'line_item_unblended_rate',
  'line_item_usage_account_id',
  'line_item_usage_account_name',
  'line_item_usage_amount',
  'line_item_usage_end_date',
  'line_item_usage_start_date',
  'line_item_usage_type',
  'pricing_public_on_demand_cost',
  'pricing_public_on_demand_rate',
  'pricing_rate_code',
  'pricing_rate_id',
  'pricing_unit',
  'product',
  'product_instance_type',
  'product_location',
  'product_region_code',
  'product_sku',
  'reservation_effective_cost',
  'reservation_reservation_a_r_n',
  'reservation_total_reserved_units',
  'reservation_unused_amortized_upfront_fee_for_billing_period',
  'reservation_unused_quantity',
  'reservation_unused_recurring_fee',
  'resource_tags',
  'savings_plan_savings_plan_a_r_n',
  'savings_plan_savings_plan_effective_cost',
  'savings_plan_total_commitment_to_date',
  'savings_plan_used_commitment',
] as const;

const lookups = {
  categories: fileURLToPath(new URL('./service-categories.csv', import.meta.url)),
  units: fileURLToPath(new URL('./pricing-units.csv', import.meta.url)),
  regions: fileURLToPath(new URL('./aws-regions.csv', import.meta.url)),
};

export async function stageFocus(w: Warehouse, req: FocusStageRequest): Promise<void> {
  const inputs = await presentOrNull(
    w,
    req.raw,
    focusInputs.map((name) => [name, inputType(name)]),
  );
  const source = `(SELECT ${inputs.join(', ')} FROM ${req.raw} WHERE finops_source_name = $sourceName)`;
  const mapping = fillTemplate(readSql(import.meta.url, 'focus.sql'), { source });
  await createFocusStage(w, req.target, mapping, { ...lookups, ...lineageParams(req) });
}

function inputType(name: string): string {
  return (mapColumns as readonly string[]).includes(name) ? JSON_OBJECT : columnType(name);
}
