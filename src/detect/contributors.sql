-- What made a series change: its cost by resource and usage type (SkuMeter: the usage type for AWS) on
-- the day, against each one's average daily cost over the $window days before: those that moved the
-- way the series did ($direction 1: rose, biggest increase first; -1: fell, biggest drop first).
-- The series is picked out with the same expressions series.sql groups by. {{metric}} is quoted.
WITH rows AS (
    SELECT coalesce(ResourceId, '(no resource)')                    AS resource,
           coalesce(SkuMeter, ChargeDescription, '(none)')           AS usage_type,
           CAST(ChargePeriodStart AS DATE)                           AS day,
           {{metric}}                                                AS cost
    FROM focus.costs
    WHERE list_contains($categories, ChargeCategory)
      AND coalesce(ProviderName, ServiceProviderName, '(none)') = $provider
      AND coalesce(SubAccountId, '(none)') = $sub_account_id
      AND coalesce(ServiceName, '(none)') = $service_name
      AND coalesce(BillingCurrency, '') = $currency
      AND ($tag_key = '' OR coalesce(Tags->>$tag_key, '(untagged)') = $tag_value)
      AND ChargePeriodStart >= CAST($day AS DATE) - CAST($window AS INTEGER)
      AND ChargePeriodStart < CAST($day AS DATE) + 1
),
per_item AS (
    SELECT resource, usage_type,
           coalesce(sum(cost) FILTER (WHERE day = CAST($day AS DATE)), 0)              AS on_day,
           coalesce(sum(cost) FILTER (WHERE day < CAST($day AS DATE)), 0) / $window    AS before
    FROM rows
    GROUP BY resource, usage_type
)
SELECT resource, usage_type,
       CAST(CAST(on_day AS DECIMAL(38,2)) AS VARCHAR)                AS on_day,
       CAST(CAST(before AS DECIMAL(38,2)) AS VARCHAR)                AS before,
       CAST(CAST(on_day - before AS DECIMAL(38,2)) AS VARCHAR)       AS increase
FROM per_item
WHERE (on_day - before) * $direction > 0
ORDER BY (on_day - before) * $direction DESC, resource, usage_type
LIMIT $limit;
