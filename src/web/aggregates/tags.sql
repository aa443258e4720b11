-- Cost per tag key and value per day into finops_meta.daily_tag_costs. Rows are first summed per
-- distinct Tags object (tag sets repeat a lot), so the JSON is taken apart once per set, not per row.
-- Casting to MAP takes any key apart, whatever characters it holds (`aws:created_by`, `a.b`).
INSERT INTO finops_meta.daily_tag_costs
WITH per_tag_set AS (
    SELECT coalesce(x_SourceType, '(none)') AS source_type,
           coalesce(x_SourceName, '(none)') AS source_name,
           coalesce(strftime(BillingPeriodStart, '%Y-%m'), '(none)') AS billing_period,
           CAST(coalesce(ChargePeriodStart, BillingPeriodStart) AS DATE) AS day,
           coalesce(ServiceProviderName, ProviderName, '(none)') AS provider,
           coalesce(BillingCurrency, '(none)') AS currency,
           coalesce(ServiceName, '(none)') AS service_name,
           coalesce(SubAccountId, '(none)') AS sub_account_id,
           coalesce(RegionId, '(none)') AS region_id,
           CAST(Tags AS VARCHAR) AS tags,
           coalesce(sum(BilledCost), 0) AS billed_cost,
           coalesce(sum(EffectiveCost), 0) AS effective_cost
    FROM focus.costs
    WHERE {{scope}} AND Tags IS NOT NULL
    GROUP BY ALL
),
pairs AS (
    SELECT * EXCLUDE (tags), unnest(map_entries(CAST(CAST(tags AS JSON) AS MAP(VARCHAR, VARCHAR)))) AS tag
    FROM per_tag_set
)
SELECT source_type, source_name, billing_period, day, provider, currency, service_name, sub_account_id,
       region_id, tag.key AS tag_key, coalesce(tag.value, '(none)') AS tag_value,
       sum(billed_cost) AS billed_cost, sum(effective_cost) AS effective_cost
FROM pairs
GROUP BY ALL
-- In key and day order: a chart reads one key over a range of days.
ORDER BY tag_key, day
