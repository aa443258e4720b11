-- The keys that are wrong most expensively in a billing period: for each key and problem (missing,
-- invalid), the spend and rows that have it, in one currency.
WITH broken AS (
    SELECT unnest(string_split(violations, ',')) AS violation, effective_cost, row_count
    FROM finops_meta.monthly_tag_compliance
    WHERE currency = $currency AND billing_period = $period AND violations <> ''
)
SELECT split_part(violation, ':', 2) AS key, split_part(violation, ':', 1) AS problem,
       sum(row_count)::BIGINT::VARCHAR AS rows, sum(effective_cost)::DECIMAL(38,2)::VARCHAR AS cost
FROM broken
GROUP BY ALL
ORDER BY sum(effective_cost) DESC, key, problem
LIMIT $limit
