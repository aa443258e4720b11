-- Google Cloud billing export (flattened in gcp_billing) to FOCUS. One mapping for the standard and the
-- detailed export, read by a reviewer in one place. The outer query (to-focus.ts) casts every column to
-- the warehouse's FOCUS types and fills the FOCUS columns this mapping does not produce.
--
-- Credits. Each export row carries its credits (amounts negative). They are split by type:
--   * discounts on the price (committed use, sustained use, negotiated and reseller discounts,
--     subscription benefits, fee offsets) lower the charge itself: BilledCost = EffectiveCost =
--     cost + those credits, ContractedCost leaves out the committed use ones, ListCost is cost_at_list;
--   * every other credit (PROMOTION, FREE_TIER, and types Google adds later) becomes its own row with
--     ChargeCategory 'Credit', all four costs its amount.
-- So the month's BilledCost is cost + every credit, which is what Google invoices for invoice.month.
--
-- raw (template) the month's raw stage table
-- $categories   service-categories.csv (service.description -> ServiceCategory)
-- $units        pricing-units.csv (export unit -> FOCUS unit)
-- $sourceName, $sourceVersion, $loadId: lineage
WITH
categories AS (
    SELECT * FROM read_csv($categories, header = true, auto_detect = false,
        columns = {'gcp_service': 'VARCHAR', 'service_category': 'VARCHAR'})
),
units AS (
    SELECT * FROM read_csv($units, header = true, auto_detect = false,
        columns = {'gcp_unit': 'VARCHAR', 'focus_unit': 'VARCHAR'})
),
source AS (
    SELECT r.*,
           list_filter(r.credits, lambda c: c.type IN ('COMMITTED_USAGE_DISCOUNT', 'COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE',
               'SUSTAINED_USAGE_DISCOUNT', 'DISCOUNT', 'RESELLER_MARGIN', 'SUBSCRIPTION_BENEFIT',
               'FEE_UTILIZATION_OFFSET')) AS discounts,
           list_filter(r.credits, lambda c: c.type LIKE 'COMMITTED_USAGE_DISCOUNT%') AS commitments
    FROM {{raw}} AS r
    WHERE r.finops_source_name = $sourceName
),
-- Every export row once as its charge (credit NULL), then one row per credit that is not a discount.
lines AS (
    SELECT s.*, NULL::STRUCT(name VARCHAR, amount DECIMAL(38,9), full_name VARCHAR, id VARCHAR, type VARCHAR) AS credit
    FROM source AS s
    UNION ALL BY NAME
    SELECT s.*, unnest(list_filter(s.credits, lambda c: NOT list_contains(s.discounts, c))) AS credit
    FROM source AS s
),
classified AS (
    SELECT
        l.*,
        l.credit IS NOT NULL AS is_credit,
        coalesce(list_sum(list_transform(l.discounts, lambda c: c.amount)), 0) AS discount_total,
        coalesce(list_sum(list_transform(l.commitments, lambda c: c.amount)), 0) AS commitment_total,
        l.commitments[1] AS commitment,
        -- A correction of an earlier invoice: Google fills adjustment_info on those rows.
        coalesce(l.adjustment_id, l.adjustment_type, l.adjustment_mode, l.adjustment_description) IS NOT NULL AS is_correction,
        CASE
            WHEN l.credit IS NOT NULL THEN 'Credit'
            WHEN lower(l.cost_type) = 'tax' THEN 'Tax'
            WHEN lower(l.cost_type) IN ('adjustment', 'rounding_error') THEN 'Adjustment'
            -- Committed use discount fees are billed as their own SKUs ("Commitment v1: ...").
            WHEN l.sku_description LIKE 'Commitment%' THEN 'Purchase'
            ELSE 'Usage'
        END AS charge_category
    FROM lines AS l
)
SELECT
    -- Cost
    CASE WHEN is_credit THEN credit.amount ELSE cost + discount_total END AS BilledCost,
    BilledCost AS EffectiveCost,
    CASE WHEN is_credit THEN credit.amount ELSE cost + discount_total - commitment_total END AS ContractedCost,
    CASE WHEN is_credit THEN credit.amount ELSE coalesce(cost_at_list, cost) END AS ListCost,
    currency AS BillingCurrency,

    -- Charge
    charge_category AS ChargeCategory,
    CASE WHEN is_correction THEN 'Correction' END AS ChargeClass,
    CASE charge_category WHEN 'Usage' THEN 'Usage-Based' WHEN 'Purchase' THEN 'Recurring' ELSE 'One-Time' END
        AS ChargeFrequency,
    CASE
        WHEN is_credit THEN coalesce(NULLIF(credit.full_name, ''), credit.name)
        WHEN charge_category = 'Adjustment' THEN coalesce(adjustment_description, sku_description)
        ELSE sku_description
    END AS ChargeDescription,
    usage_start_time AS ChargePeriodStart,
    usage_end_time AS ChargePeriodEnd,
    -- The invoice month is a calendar month in Pacific time; its bounds are kept as the month's label at
    -- 00:00 UTC, as every provider's are, so periods group by month alike. Charge periods stay true instants.
    CAST(strptime(invoice_month, '%Y%m') AS TIMESTAMP) AT TIME ZONE 'UTC' AS BillingPeriodStart,
    BillingPeriodStart + INTERVAL 1 MONTH AS BillingPeriodEnd,

    -- Pricing and usage: only regular charges have them
    CASE
        WHEN charge_category NOT IN ('Usage', 'Purchase') OR is_correction THEN NULL
        WHEN length(commitments) > 0 OR charge_category = 'Purchase' THEN 'Committed'
        ELSE 'Standard'
    END AS PricingCategory,
    CASE WHEN PricingCategory IS NOT NULL THEN usage_amount_in_pricing_units END
        AS PricingQuantity,
    CASE WHEN PricingQuantity IS NOT NULL THEN coalesce(pu.focus_unit, usage_pricing_unit) END
        AS PricingUnit,
    CASE WHEN charge_category = 'Usage' AND NOT is_correction THEN usage_amount END AS ConsumedQuantity,
    CASE WHEN ConsumedQuantity IS NOT NULL THEN coalesce(cu.focus_unit, usage_unit) END AS ConsumedUnit,
    -- The export has no list price per unit: it is the row's list cost over its pricing quantity (a row
    -- with no quantity lists at 0 per unit). The detailed export's price.effective_price is x_EffectivePrice.
    CASE WHEN PricingCategory IS NOT NULL THEN
        CASE WHEN PricingQuantity <> 0 THEN ListCost / PricingQuantity ELSE 0 END END AS ListUnitPrice,
    CASE WHEN PricingCategory IS NOT NULL THEN
        CASE WHEN PricingQuantity <> 0 THEN ContractedCost / PricingQuantity ELSE 0 END END AS ContractedUnitPrice,

    -- Commitment discounts: usage covered by a committed use discount, and the commitment's own fee
    CASE
        WHEN is_credit OR charge_category NOT IN ('Usage', 'Purchase') THEN NULL
        WHEN charge_category = 'Purchase' THEN subscription_instance_id
        ELSE coalesce(subscription_instance_id, NULLIF(commitment.id, ''), commitment.name)
    END AS CommitmentDiscountId,
    CASE WHEN CommitmentDiscountId IS NOT NULL THEN 'Committed Use Discount' END AS CommitmentDiscountType,
    CASE
        WHEN CommitmentDiscountId IS NULL THEN NULL
        WHEN commitment.type = 'COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE' OR sku_description ILIKE '%dollar%' THEN 'Spend'
        ELSE 'Usage'
    END AS CommitmentDiscountCategory,
    CASE WHEN CommitmentDiscountId IS NOT NULL THEN coalesce(NULLIF(commitment.full_name, ''), commitment.name, CommitmentDiscountId) END
        AS CommitmentDiscountName,
    CASE WHEN CommitmentDiscountId IS NOT NULL AND charge_category = 'Usage' THEN 'Used' END AS CommitmentDiscountStatus,
    -- What the commitment counts: dollars for a spend-based one, the SKU's pricing units otherwise.
    CASE
        WHEN CommitmentDiscountId IS NULL THEN NULL
        WHEN CommitmentDiscountCategory = 'Spend' THEN cost
        ELSE coalesce(usage_amount_in_pricing_units, 0)
    END AS CommitmentDiscountQuantity,
    CASE
        WHEN CommitmentDiscountId IS NULL THEN NULL
        WHEN CommitmentDiscountCategory = 'Spend' THEN currency
        ELSE coalesce(pu.focus_unit, usage_pricing_unit, 'Hours')
    END AS CommitmentDiscountUnit,

    -- Service, place, resource
    service_description AS ServiceName,
    coalesce(c.service_category, 'Other') AS ServiceCategory,
    'Other (' || coalesce(c.service_category, 'Other') || ')' AS ServiceSubcategory,
    coalesce(NULLIF(location_region, ''), NULLIF(location_location, '')) AS RegionId,
    RegionId AS RegionName,
    NULLIF(location_zone, '') AS AvailabilityZone,
    NULLIF(resource_global_name, '') AS ResourceId,
    coalesce(NULLIF(resource_name, ''), ResourceId) AS ResourceName,
    CASE WHEN ResourceId IS NOT NULL THEN coalesce(NULLIF(regexp_extract(ResourceId, '/([A-Za-z]+)/[^/]+$', 1), ''), service_description) END
        AS ResourceType,
    CASE WHEN charge_category <> 'Tax' THEN NULLIF(sku_id, '') END AS SkuId,
    CASE WHEN PricingCategory IS NOT NULL AND SkuId IS NOT NULL
         THEN SkuId || '/' || coalesce(CAST(price_tier_start_amount AS VARCHAR), '0') END AS SkuPriceId,
    CASE WHEN SkuId IS NOT NULL THEN sku_description END AS SkuMeter,

    -- Accounts (a project is the sub account), invoice, providers
    billing_account_id AS BillingAccountId,
    billing_account_id AS BillingAccountName,
    'Billing Account' AS BillingAccountType,
    project_id AS SubAccountId,
    CASE WHEN project_id IS NOT NULL THEN coalesce(NULLIF(project_name, ''), project_id) END AS SubAccountName,
    CASE WHEN project_id IS NOT NULL THEN 'Project' END AS SubAccountType,
    CASE WHEN transaction_type = 'THIRD_PARTY_AGENCY' THEN coalesce(seller_name, 'Google Cloud') ELSE 'Google Cloud' END
        AS InvoiceIssuerName,
    'Google Cloud' AS ProviderName,
    CASE WHEN coalesce(transaction_type, 'GOOGLE') = 'GOOGLE' THEN 'Google Cloud' ELSE coalesce(seller_name, 'Google Cloud') END
        AS PublisherName,
    PublisherName AS ServiceProviderName,
    'Google Cloud' AS HostProviderName,

    -- Tags: one object, a resource label over a Google-defined (system) label over a Resource Manager tag
    -- over an inherited project label.
    CASE WHEN coalesce(labels, system_labels, tags, project_labels) IS NOT NULL THEN
        json_merge_patch(coalesce(project_labels, '{}'),
            coalesce(to_json(map_from_entries(from_json(tags, '[{"key":"VARCHAR","value":"VARCHAR"}]'))), '{}'),
            coalesce(system_labels, '{}'), coalesce(labels, '{}'))
    END AS Tags,

    -- Provider extras and lineage
    NULLIF(service_id, '') AS x_ServiceId,
    cost_type AS x_CostType,
    invoice_month AS x_InvoiceMonth,
    CASE WHEN NOT is_credit AND length(credits) > 0 THEN to_json(credits) END AS x_Credits,
    credit.type AS x_CreditType,
    credit.id AS x_CreditId,
    project_number AS x_ProjectNumber,
    project_ancestry_numbers AS x_ProjectAncestryNumbers,
    location_location AS x_Location,
    adjustment_type AS x_AdjustmentType,
    currency_conversion_rate AS x_CurrencyConversionRate,
    price_effective_price AS x_EffectivePrice,
    export_time AS x_ExportTime,
    finops_source_file AS x_SourceFile,
    'gcp' AS x_SourceType,
    $sourceName AS x_SourceName,
    $sourceVersion AS x_SourceVersion,
    $loadId::BIGINT AS x_LoadId
FROM classified
LEFT JOIN categories AS c ON c.gcp_service = classified.service_description
LEFT JOIN units AS pu ON pu.gcp_unit = classified.usage_pricing_unit
LEFT JOIN units AS cu ON cu.gcp_unit = classified.usage_unit
