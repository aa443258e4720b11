-- Billed and effective cost per billing period and provider, for the month-over-month chart.
SELECT billing_period AS period, provider,
       sum(billed_cost)::DECIMAL(38,2)::VARCHAR AS billed,
       sum(effective_cost)::DECIMAL(38,2)::VARCHAR AS effective
FROM finops_meta.monthly_costs
WHERE currency = $currency AND billing_period BETWEEN $first AND $period
GROUP BY ALL
ORDER BY ALL
