-- The currencies the aggregates hold, biggest first, each with its billing periods and days: every
-- panel shows one currency at a time, the first of these unless the request names another.
SELECT currency AS code,
       sum(effective_cost)::DECIMAL(38,2)::VARCHAR AS effective,
       CAST(min(first_day) AS VARCHAR) AS "firstDay",
       CAST(max(last_day) AS VARCHAR) AS "lastDay",
       list(DISTINCT billing_period ORDER BY billing_period) AS periods
FROM finops_meta.monthly_costs
GROUP BY currency
ORDER BY abs(sum(effective_cost)) DESC, currency
