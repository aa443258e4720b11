-- FOCUS to CloudZero's Common Bill Format (CBF): one billing month of focus.costs in scope, as the
-- temporary table cbf_rows the data files are cut from, each row numbered in a fixed order (cbf_row) so
-- the same data always gives the same files. Column definitions quoted below are from CloudZero's
-- "Common Bill Format (CBF)" page, docs.cloudzero.com/docs/anycost-common-bill-format-cbf.
-- Parameters: the scope (scope.sql) and $month_start/$month_end ('YYYY-MM-DD'); generated fragments:
-- tag_columns (one expression per reduced tag key, see tags.ts) and order (every column).
CREATE OR REPLACE TEMP TABLE cbf_rows AS
WITH scoped AS (
    SELECT *
    FROM focus.costs
    WHERE {{scope}}
),

cbf AS (
    SELECT
        -- lineitem/type: "Values have special meaning". Tax and Credit keep their FOCUS category; a
        -- correction of earlier charges is CBF's Adjustment ("an alteration made to the bill to
        -- correct for some error"); support is Support; a commitment purchase (upfront or recurring
        -- fee of a reservation or savings plan) is CommittedUsePurchase, whose amortized cost CBF
        -- wants at 0 (FOCUS EffectiveCost is 0 there); usage with a negative cost (savings plan
        -- negations, negotiated discounts) is Discount ("a negative value cost associated with some
        -- Usage line item"); a category FOCUS does not define is Fee ("a positive value charge for
        -- which no other line item type applies") or, when negative, Credit.
        CASE
            WHEN ChargeCategory = 'Tax' THEN 'Tax'
            WHEN ChargeCategory = 'Credit' THEN 'Credit'
            WHEN ChargeCategory = 'Adjustment' OR ChargeClass = 'Correction' THEN 'Adjustment'
            WHEN ChargeCategory IN ('Usage', 'Purchase') AND ServiceSubcategory = 'Support' THEN 'Support'
            WHEN ChargeCategory = 'Purchase'
                AND coalesce(CommitmentDiscountId, CommitmentDiscountType) IS NOT NULL THEN 'CommittedUsePurchase'
            WHEN ChargeCategory = 'Purchase' THEN 'Purchase'
            WHEN ChargeCategory = 'Usage' AND BilledCost < 0 THEN 'Discount'
            WHEN ChargeCategory = 'Usage' THEN 'Usage'
            WHEN BilledCost < 0 THEN 'Credit'
            ELSE 'Fee'
        END AS "lineitem/type",
        ChargeDescription AS "lineitem/description",
        coalesce(ServiceProviderName, ProviderName) AS "lineitem/cloud_provider",
        -- "The hour during which the charged usage applies ... aligned to the start of the hour";
        -- datetimes "ISO-formatted strings in the UTC timezone". A row of this billing month dated
        -- outside it (a correction of last month's usage) moves to the month's first or last hour:
        -- CloudZero replaces the whole month with the drop, so the row must fall inside it to count.
        strftime(
            timezone('UTC', least(
                greatest(date_trunc('hour', coalesce(ChargePeriodStart, $month_start::TIMESTAMPTZ)),
                         $month_start::TIMESTAMPTZ),
                $month_end::TIMESTAMPTZ - INTERVAL 1 HOUR)),
            '%Y-%m-%dT%H:%M:%SZ') AS "time/usage_start",
        -- resource/id is read as "<type>/<name>": the first ':' or '/' splits it and "any additional
        -- slashes and colons can lead to parts being dropped" (an ARN would become type arn, name aws).
        -- So it is the FOCUS ResourceType and ResourceId with their own ':' and '/' made '_'.
        CASE WHEN nullif(ResourceId, '') IS NOT NULL THEN
            regexp_replace(coalesce(nullif(ResourceType, ''), 'resource'), '[:/]', '_', 'g') || '/'
                || regexp_replace(ResourceId, '[:/]', '_', 'g')
        END AS "resource/id",
        ServiceName AS "resource/service",
        -- "The most specific account or project to which this resource belongs".
        coalesce(nullif(SubAccountId, ''), BillingAccountId) AS "resource/account",
        -- "The default is no-region; do not use global."
        CASE WHEN nullif(trim(RegionId), '') IS NULL OR lower(trim(RegionId)) = 'global' THEN 'no-region'
             ELSE RegionId
        END AS "resource/region",
        -- What was consumed, or (purchases, where nothing is consumed) what was priced; amount and
        -- unit always from the same pair. Numbers are exact decimal text without trailing zeros.
        CASE WHEN ConsumedQuantity IS NOT NULL
             THEN rtrim(rtrim(CAST(CAST(ConsumedQuantity AS DECIMAL(38, 18)) AS VARCHAR), '0'), '.')
             ELSE rtrim(rtrim(CAST(CAST(PricingQuantity AS DECIMAL(38, 18)) AS VARCHAR), '0'), '.')
        END AS "usage/amount",
        CASE WHEN ConsumedQuantity IS NOT NULL THEN ConsumedUnit ELSE PricingUnit END AS "usage/units",
        rtrim(rtrim(CAST(CAST(BilledCost AS DECIMAL(38, 18)) AS VARCHAR), '0'), '.') AS "cost/cost",
        rtrim(rtrim(CAST(CAST(EffectiveCost AS DECIMAL(38, 18)) AS VARCHAR), '0'), '.') AS "cost/amortized_cost",
        rtrim(rtrim(CAST(CAST(ListCost AS DECIMAL(38, 18)) AS VARCHAR), '0'), '.') AS "cost/on_demand_cost",
        InvoiceId AS "bill/invoice_id",
        {{tag_columns}}
        ChargePeriodStart < $month_start::TIMESTAMPTZ
            OR ChargePeriodStart >= $month_end::TIMESTAMPTZ AS cbf_moved,
        nullif(ResourceId, '') IS NULL AND coalesce(len(json_keys(Tags)), 0) > 0 AS cbf_untagged
    FROM scoped
)

SELECT *, row_number() OVER (ORDER BY {{order}}) AS cbf_row
FROM cbf
