-- Raw stage of one invoice month: the export's rows read with declared types (newline-delimited
-- JSON, Parquet and flattened CSV, each already in the export's nested shape), the month's rows kept, and
-- every nested or repeated field flattened to a typed column. Labels become JSON objects (the first value
-- of a repeated key wins); credits stay a typed list, one entry per credit, beside their total and
-- their sums per type.
CREATE TABLE {{table}} AS
WITH located AS (
    {{located}}
)
SELECT
    d.billing_account_id,
    d.service.id AS service_id,
    d.service.description AS service_description,
    d.sku.id AS sku_id,
    d.sku.description AS sku_description,
    CAST(d.usage_start_time AS TIMESTAMPTZ) AS usage_start_time,
    CAST(d.usage_end_time AS TIMESTAMPTZ) AS usage_end_time,
    d.project.id AS project_id,
    d.project.number AS project_number,
    d.project.name AS project_name,
    {{project_labels}} AS project_labels,
    d.project.ancestry_numbers AS project_ancestry_numbers,
    CASE WHEN len(d.project.ancestors) > 0 THEN to_json(d.project.ancestors) END AS project_ancestors,
    {{labels}} AS labels,
    {{system_labels}} AS system_labels,
    CASE WHEN len(d.tags) > 0 THEN to_json(d.tags) END AS tags,
    d.location.location AS location_location,
    d.location.country AS location_country,
    d.location.region AS location_region,
    d.location.zone AS location_zone,
    d.resource.name AS resource_name,
    d.resource.global_name AS resource_global_name,
    CAST(d.export_time AS TIMESTAMPTZ) AS export_time,
    d.cost,
    d.cost_at_list,
    d.currency,
    d.currency_conversion_rate,
    d.usage.amount AS usage_amount,
    d.usage.unit AS usage_unit,
    d.usage.amount_in_pricing_units AS usage_amount_in_pricing_units,
    d.usage.pricing_unit AS usage_pricing_unit,
    coalesce(d.credits, []) AS credits,
    CAST(coalesce(list_sum(list_transform(d.credits, lambda c: c.amount)), 0) AS DECIMAL(38,9)) AS credits_total,
    -- The credits summed per type, types in order, e.g. {"PROMOTION": -0.05, "SUSTAINED_USAGE_DISCOUNT": -0.1}.
    CASE WHEN len(d.credits) > 0 THEN to_json(map_from_entries(list_transform(
        list_sort(list_distinct(list_transform(d.credits, lambda c: coalesce(c.type, '')))),
        lambda t: {'key': t, 'value': list_sum(list_transform(
            list_filter(d.credits, lambda c: coalesce(c.type, '') = t), lambda c: c.amount))})))
    END AS credits_by_type,
    d.invoice.month AS invoice_month,
    d.invoice.publisher_type AS invoice_publisher_type,
    d.cost_type,
    d.adjustment_info.id AS adjustment_id,
    d.adjustment_info.description AS adjustment_description,
    d.adjustment_info.mode AS adjustment_mode,
    d.adjustment_info.type AS adjustment_type,
    d.transaction_type,
    d.seller_name,
    d.subscription.instance_id AS subscription_instance_id,
    d.price.effective_price AS price_effective_price,
    d.price.tier_start_amount AS price_tier_start_amount,
    d.price.unit AS price_unit,
    d.price.pricing_unit_quantity AS price_pricing_unit_quantity,
    $sourceName AS finops_source_name,
    $loadId::BIGINT AS finops_load_id,
    d.finops_source_file
FROM located AS d
WHERE d.invoice.month = $month
