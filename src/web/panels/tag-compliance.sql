-- Spend of a billing period by tag compliance, in one currency, with each state's share.
SELECT compliance, sum(row_count)::BIGINT::VARCHAR AS rows,
       sum(effective_cost)::DECIMAL(38,2)::VARCHAR AS cost,
       CASE WHEN sum(sum(effective_cost)) OVER () = 0 THEN NULL
            ELSE (sum(effective_cost) / sum(sum(effective_cost)) OVER ())::DOUBLE END AS share
FROM finops_meta.monthly_tag_compliance
WHERE currency = $currency AND billing_period = $period
GROUP BY compliance
ORDER BY CASE compliance WHEN 'compliant' THEN 0 WHEN 'invalid' THEN 1 WHEN 'missing' THEN 2 ELSE 3 END
