-- Spend of one billing period by tag compliance, per currency (currencies are never summed together).
-- ungoverned: rows loaded before a tag policy existed (`finops tags apply` evaluates them).
WITH period AS (
    SELECT * FROM {{costs}} WHERE strftime(BillingPeriodStart, '%Y-%m') = $period
)
SELECT coalesce(BillingCurrency, '(none)') AS currency,
       coalesce(x_TagCompliance, 'ungoverned') AS compliance,
       count(*)::BIGINT AS rows,
       coalesce(sum({{metric}}), 0)::VARCHAR AS cost,
       CASE WHEN sum(sum({{metric}})) OVER (PARTITION BY BillingCurrency) = 0 THEN NULL
            ELSE round(100 * sum({{metric}}) / sum(sum({{metric}})) OVER (PARTITION BY BillingCurrency), 2)::DOUBLE
       END AS percent
FROM period
GROUP BY BillingCurrency, x_TagCompliance
ORDER BY currency, CASE compliance WHEN 'compliant' THEN 0 WHEN 'invalid' THEN 1 WHEN 'missing' THEN 2 ELSE 3 END
