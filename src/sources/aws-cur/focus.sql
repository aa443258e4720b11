-- AWS Cost and Usage Report (legacy CUR and CUR 2.0, in their normalized snake_case names) to FOCUS.
-- One mapping for both, read by a reviewer in one place. The outer query (focusProjection, in
-- src/focus/relation.ts) casts every column to the warehouse's FOCUS types and fills the FOCUS columns
-- this mapping does not produce.
--
-- {{source}}   the period's raw rows of one export, every column read below present (missing ones NULL)
-- $categories  service-categories.csv (product code -> ServiceCategory, ServiceSubcategory)
-- $units       pricing-units.csv (AWS pricing unit -> FOCUS unit format)
-- $regions     aws-regions.csv (region code -> name, for lines that carry no location)
-- $sourceName, $sourceVersion, $loadId: lineage
WITH
categories AS (
    SELECT * FROM read_csv($categories, header = true, auto_detect = false,
        columns = {'product_code': 'VARCHAR', 'service_category': 'VARCHAR', 'service_subcategory': 'VARCHAR'})
),
units AS (
    SELECT * FROM read_csv($units, header = true, auto_detect = false,
        columns = {'aws_unit': 'VARCHAR', 'focus_unit': 'VARCHAR'})
),
regions AS (
    SELECT * FROM read_csv($regions, header = true, auto_detect = false,
        columns = {'region_id': 'VARCHAR', 'region_name': 'VARCHAR'})
),
-- Product objects repeat across rows (one per SKU at most: 29 in the 2M-line benchmark): each distinct one is
-- read once and joined back, rather than its JSON parsed three times on every row. (Tag sets are rewritten
-- per row below: a tag per resource makes them nearly unique, and grouping and joining 2M distinct tag
-- sets back took twice as long as the rewriting.)
products AS (
    SELECT product_key,
           NULLIF(CAST(product_key AS JSON) ->> 'product_name', '') AS product_name,
           NULLIF(CAST(product_key AS JSON) ->> 'region', '') AS product_region
    FROM (SELECT DISTINCT coalesce(product::VARCHAR, '{}') AS product_key FROM {{source}} AS s)
),
-- The members of the tag objects, without their braces, rewritten straight off the scan (before any
-- join, NULLs filled last): DuckDB then rewrites each distinct value of a dictionary-compressed column
-- once. Behind a join every row is rewritten, which cost a sixth of the whole mapping on 2M rows.
tagged AS (
    SELECT
        s.*,
        coalesce(trim(replace(replace(replace(replace(s.resource_tags::VARCHAR,
            '{"user_', '{"'), ',"user_', ',"'), '{"aws_', '{"aws:'), ',"aws_', ',"aws:'), '{}'), '') AS tag_members,
        coalesce(trim(replace(replace(s.cost_category::VARCHAR,
            '{"', '{"costcategory:'), ',"', ',"costcategory:'), '{}'), '') AS category_members
    FROM {{source}} AS s
),
-- What kind of line each row is, and the amounts the rules below share.
classified AS (
    SELECT
        s.*,
        p.product_name,
        coalesce(NULLIF(s.product_region_code, ''), p.product_region) AS line_region_id,
        NULLIF(s.line_item_line_item_type, '') AS li_type,
        NULLIF(s.savings_plan_savings_plan_a_r_n, '') AS sp_arn,
        NULLIF(s.reservation_reservation_a_r_n, '') AS ri_arn,
        -- The unused part of a commitment's fee for the period (FOCUS models it as an Unused usage row).
        CASE li_type
            WHEN 'RIFee' THEN coalesce(s.reservation_unused_amortized_upfront_fee_for_billing_period, 0)
                            + coalesce(s.reservation_unused_recurring_fee, 0)
            WHEN 'SavingsPlanRecurringFee' THEN coalesce(s.savings_plan_total_commitment_to_date, 0)
                            - coalesce(s.savings_plan_used_commitment, 0)
        END AS unused_cost,
        CASE li_type
            WHEN 'RIFee' THEN s.reservation_unused_quantity
            WHEN 'SavingsPlanRecurringFee' THEN unused_cost
        END AS unused_quantity
    FROM tagged AS s
    LEFT JOIN products AS p ON p.product_key = coalesce(s.product::VARCHAR, '{}')
),
-- Every charge once, plus one synthetic "Unused" usage row per commitment fee with waste in it
-- (unnest makes the second row in the same scan, without reading the source twice).
lines AS (
    SELECT *, unnest(CASE WHEN li_type IN ('RIFee', 'SavingsPlanRecurringFee') AND unused_cost <> 0
                          THEN [false, true] ELSE [false] END) AS is_unused
    FROM classified
),
mapped AS (
    SELECT
        l.*,
        CASE
            WHEN is_unused THEN 'Usage'
            WHEN li_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation',
                             'Discount', 'BundledDiscount', 'EdpDiscount', 'PrivateRateDiscount',
                             'SppDiscount', 'DistributorDiscount') THEN 'Usage'
            WHEN li_type IN ('RIFee', 'Fee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee') THEN 'Purchase'
            WHEN li_type = 'Tax' THEN 'Tax'
            WHEN li_type = 'Credit' THEN 'Credit'
            -- A refund takes the category of what it refunds.
            WHEN li_type = 'Refund' AND NULLIF(l.line_item_tax_type, '') IS NOT NULL THEN 'Tax'
            WHEN li_type = 'Refund' AND coalesce(sp_arn, ri_arn) IS NOT NULL THEN 'Purchase'
            WHEN li_type = 'Refund' THEN 'Usage'
            ELSE 'Adjustment'
        END AS charge_category,
        coalesce(sp_arn, ri_arn) AS commitment_id,
        CASE
            WHEN charge_category = 'Tax' THEN NULL
            WHEN is_unused THEN unused_quantity
            WHEN li_type = 'SavingsPlanNegation' THEN 0
            WHEN li_type = 'RIFee' THEN l.reservation_total_reserved_units
            ELSE l.line_item_usage_amount
        END AS pricing_quantity,
        -- A purchase lists at its own price; usage (and idle reserved hours) at the public on-demand rate.
        CASE
            WHEN is_unused AND sp_arn IS NOT NULL THEN 1
            WHEN charge_category = 'Purchase' THEN coalesce(l.line_item_unblended_rate, l.pricing_public_on_demand_rate)
            ELSE coalesce(l.pricing_public_on_demand_rate, l.line_item_unblended_rate)
        END AS list_rate,
        coalesce(u.focus_unit, NULLIF(l.pricing_unit, ''),
                 CASE WHEN li_type IN ('RIFee', 'DiscountedUsage') OR (is_unused AND ri_arn IS NOT NULL) THEN 'Hours'
                      WHEN li_type = 'Fee' AND ri_arn IS NOT NULL THEN 'Reservations'
                      WHEN sp_arn IS NOT NULL THEN 'Dollars' END) AS unit
    FROM lines AS l
    LEFT JOIN units AS u ON u.aws_unit = l.pricing_unit
)
SELECT
    -- Cost
    CASE WHEN is_unused THEN 0 ELSE line_item_unblended_cost END AS BilledCost,
    CASE
        WHEN is_unused THEN unused_cost
        WHEN li_type = 'SavingsPlanCoveredUsage' THEN savings_plan_savings_plan_effective_cost
        WHEN li_type = 'DiscountedUsage' THEN reservation_effective_cost
        -- Commitment fees are spread over the usage they cover (and the Unused rows); negations cancel.
        WHEN li_type IN ('SavingsPlanNegation', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee', 'RIFee') THEN 0
        WHEN li_type = 'Fee' AND ri_arn IS NOT NULL THEN 0
        ELSE line_item_unblended_cost
    END AS EffectiveCost,
    -- List price: the public on-demand rate, or for lines without one (commitment fees, support) the
    -- rate charged. A negation has no quantity of its own, so lists at nothing; an Unused row lists at
    -- what its idle hours (or dollars of commitment) would cost.
    CASE
        WHEN li_type = 'SavingsPlanNegation' THEN 0
        -- Cast here, not by the outer query: a product has 20 fractional digits, and a CASE of that type
        -- would make every row's cost a 20-digit decimal rounded back to 18 (a costly division per row).
        WHEN is_unused THEN CAST(unused_quantity * list_rate AS DECIMAL(38,18))
        WHEN charge_category = 'Purchase' THEN line_item_unblended_cost
        ELSE coalesce(pricing_public_on_demand_cost, line_item_unblended_cost)
    END AS ListCost,
    CASE WHEN charge_category IN ('Tax', 'Credit', 'Adjustment') THEN NULL ELSE list_rate END AS ListUnitPrice,
    -- CUR has no negotiated price list: usage is contracted at its unblended rate, commitment-covered
    -- usage at the public on-demand rate it would otherwise have cost.
    CASE
        WHEN is_unused OR li_type = 'SavingsPlanNegation' THEN 0
        WHEN li_type IN ('DiscountedUsage', 'SavingsPlanCoveredUsage')
            THEN coalesce(pricing_public_on_demand_cost, line_item_unblended_cost)
        ELSE line_item_unblended_cost
    END AS ContractedCost,
    CASE
        WHEN is_unused OR charge_category IN ('Tax', 'Credit', 'Adjustment') THEN NULL
        WHEN li_type IN ('DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') THEN list_rate
        ELSE coalesce(line_item_unblended_rate, list_rate)
    END AS ContractedUnitPrice,
    line_item_currency_code AS BillingCurrency,

    -- Charge
    charge_category AS ChargeCategory,
    -- Corrections of an earlier, invoiced period: refund bills, and charges whose usage ended before
    -- this billing period began.
    CASE
        WHEN bill_bill_type = 'Refund' OR line_item_usage_end_date <= bill_billing_period_start_date THEN 'Correction'
    END AS ChargeClass,
    CASE
        WHEN charge_category = 'Usage' THEN 'Usage-Based'
        WHEN li_type IN ('RIFee', 'SavingsPlanRecurringFee') OR line_item_product_code LIKE 'AWSSupport%' THEN 'Recurring'
        ELSE 'One-Time'
    END AS ChargeFrequency,
    CASE
        WHEN is_unused AND ri_arn IS NOT NULL THEN 'Unused Reserved Instance hours'
        WHEN is_unused THEN 'Unused Savings Plan commitment'
        ELSE NULLIF(line_item_line_item_description, '')
    END AS ChargeDescription,
    line_item_usage_start_date AS ChargePeriodStart,
    line_item_usage_end_date AS ChargePeriodEnd,
    bill_billing_period_start_date AS BillingPeriodStart,
    bill_billing_period_end_date AS BillingPeriodEnd,

    -- Pricing and usage
    CASE
        WHEN charge_category IN ('Tax', 'Credit', 'Adjustment') THEN NULL
        WHEN is_unused OR li_type IN ('DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') THEN 'Committed'
        WHEN line_item_usage_type LIKE '%SpotUsage%' THEN 'Dynamic'
        ELSE 'Standard'
    END AS PricingCategory,
    pricing_quantity AS PricingQuantity,
    CASE WHEN pricing_quantity IS NOT NULL THEN unit END AS PricingUnit,
    -- A negation consumes nothing of its own: the covered line beside it carries the quantity.
    CASE
        WHEN charge_category <> 'Usage' OR is_unused THEN NULL
        WHEN li_type = 'SavingsPlanNegation' THEN 0
        ELSE line_item_usage_amount
    END AS ConsumedQuantity,
    CASE WHEN ConsumedQuantity IS NOT NULL THEN unit END AS ConsumedUnit,

    -- Commitment discounts
    commitment_id AS CommitmentDiscountId,
    CASE WHEN sp_arn IS NOT NULL THEN 'Savings Plan' WHEN ri_arn IS NOT NULL THEN 'Reserved Instance' END
        AS CommitmentDiscountType,
    CASE WHEN sp_arn IS NOT NULL THEN 'Spend' WHEN ri_arn IS NOT NULL THEN 'Usage' END AS CommitmentDiscountCategory,
    regexp_extract(commitment_id, '[^/:]+$') AS CommitmentDiscountName,
    CASE
        WHEN commitment_id IS NULL OR charge_category <> 'Usage' THEN NULL
        WHEN is_unused THEN 'Unused'
        ELSE 'Used'
    END AS CommitmentDiscountStatus,
    CASE
        WHEN commitment_id IS NULL THEN NULL
        WHEN is_unused THEN unused_quantity
        WHEN li_type = 'SavingsPlanCoveredUsage' THEN savings_plan_savings_plan_effective_cost
        WHEN li_type = 'SavingsPlanNegation' THEN 0
        WHEN li_type = 'SavingsPlanRecurringFee' THEN savings_plan_total_commitment_to_date
        WHEN li_type = 'RIFee' THEN reservation_total_reserved_units
        WHEN sp_arn IS NOT NULL THEN line_item_unblended_cost
        ELSE line_item_usage_amount
    END AS CommitmentDiscountQuantity,
    CASE
        WHEN CommitmentDiscountQuantity IS NULL THEN NULL
        WHEN sp_arn IS NOT NULL THEN line_item_currency_code
        ELSE 'Hours'
    END AS CommitmentDiscountUnit,

    -- Service, place, resource
    coalesce(product_name, line_item_product_code) AS ServiceName,
    coalesce(c.service_category, 'Other') AS ServiceCategory,
    coalesce(c.service_subcategory, 'Other (' || coalesce(c.service_category, 'Other') || ')') AS ServiceSubcategory,
    line_region_id AS RegionId,
    CASE WHEN RegionId IS NOT NULL THEN coalesce(NULLIF(product_location, ''), r.region_name, RegionId) END AS RegionName,
    NULLIF(line_item_availability_zone, '') AS AvailabilityZone,
    NULLIF(line_item_resource_id, '') AS ResourceId,
    CASE WHEN ResourceId LIKE 'arn:%' THEN regexp_extract(ResourceId, '[^:/]+$') ELSE ResourceId END AS ResourceName,
    CASE
        WHEN ResourceId IS NULL THEN NULL
        WHEN ResourceId LIKE 'arn:%' THEN regexp_extract(split_part(ResourceId, ':', 6), '^[^/:]+')
        WHEN ResourceId LIKE 'i-%' THEN 'instance'
        WHEN ResourceId LIKE 'vol-%' THEN 'volume'
        WHEN line_item_product_code = 'AmazonS3' THEN 'bucket'
        ELSE line_item_product_code
    END AS ResourceType,
    NULLIF(product_sku, '') AS SkuId,
    CASE WHEN SkuId IS NOT NULL THEN coalesce(NULLIF(pricing_rate_code, ''), NULLIF(pricing_rate_id, '')) END AS SkuPriceId,
    CASE WHEN SkuId IS NOT NULL THEN NULLIF(line_item_usage_type, '') END AS SkuMeter,
    CASE WHEN SkuPriceId IS NOT NULL AND NULLIF(product_instance_type, '') IS NOT NULL
        THEN json_object('InstanceType', product_instance_type) END AS SkuPriceDetails,

    -- Accounts, invoice, providers. Legacy CUR has no account names: the id stands in, as FOCUS wants a
    -- name wherever the provider supports naming accounts.
    bill_payer_account_id AS BillingAccountId,
    coalesce(NULLIF(bill_payer_account_name, ''), bill_payer_account_id) AS BillingAccountName,
    line_item_usage_account_id AS SubAccountId,
    coalesce(NULLIF(line_item_usage_account_name, ''), line_item_usage_account_id) AS SubAccountName,
    NULLIF(bill_invoice_id, '') AS InvoiceId,
    coalesce(NULLIF(bill_invoicing_entity, ''), 'Amazon Web Services, Inc.') AS InvoiceIssuerName,
    'AWS' AS ProviderName,
    -- Marketplace charges are sold by a third party: it is their service, hosted on AWS.
    CASE WHEN bill_billing_entity = 'AWS Marketplace' THEN coalesce(NULLIF(line_item_legal_entity, ''), 'AWS Marketplace')
         ELSE 'AWS' END AS PublisherName,
    PublisherName AS ServiceProviderName,
    'AWS' AS HostProviderName,

    -- Tags: user tags without prefix (one user scheme), AWS tags as aws:<key>, cost categories as
    -- costcategory:<key>. Plain text replacement is safe here: the JSON has no whitespace, so a key always
    -- follows `{` or `,` directly, and a quote inside a value is always escaped (\").
    CASE
        WHEN tag_members = '' AND category_members = '' THEN NULL
        WHEN category_members = '' THEN '{' || tag_members || '}'
        WHEN tag_members = '' THEN '{' || category_members || '}'
        ELSE '{' || tag_members || ',' || category_members || '}'
    END AS Tags,

    -- Provider extras and lineage
    line_item_product_code AS x_ServiceCode,
    line_item_usage_type AS x_UsageType,
    line_item_operation AS x_Operation,
    li_type AS x_LineItemType,
    identity_line_item_id AS x_LineItemId,
    'aws-cur' AS x_SourceType,
    $sourceName AS x_SourceName,
    $sourceVersion AS x_SourceVersion,
    $loadId::BIGINT AS x_LoadId
FROM mapped
LEFT JOIN categories AS c ON c.product_code = mapped.line_item_product_code
LEFT JOIN regions AS r ON r.region_id = mapped.line_region_id
