-- Billed and effective cost of a billing period and of the one before, per provider and in total
-- (the row whose provider is NULL), in one currency.
SELECT CASE WHEN GROUPING(provider) = 1 THEN NULL ELSE provider END AS provider,
       coalesce(sum(billed_cost) FILTER (WHERE billing_period = $period), 0)::DECIMAL(38,2)::VARCHAR AS billed,
       coalesce(sum(effective_cost) FILTER (WHERE billing_period = $period), 0)::DECIMAL(38,2)::VARCHAR AS effective,
       coalesce(sum(billed_cost) FILTER (WHERE billing_period = $previous), 0)::DECIMAL(38,2)::VARCHAR
           AS "previousBilled",
       coalesce(sum(effective_cost) FILTER (WHERE billing_period = $previous), 0)::DECIMAL(38,2)::VARCHAR
           AS "previousEffective",
       CAST(max(last_day) FILTER (WHERE billing_period = $period) AS VARCHAR) AS through
FROM finops_meta.monthly_costs
WHERE currency = $currency AND billing_period IN ($period, $previous)
GROUP BY GROUPING SETS ((provider), ())
ORDER BY GROUPING(provider), sum(effective_cost) FILTER (WHERE billing_period = $period) DESC NULLS LAST, 1
