-- Which keys are wrong most expensively in a billing period: for each key and problem (missing,
-- invalid), the spend and rows of the rows that have it, per currency.
WITH broken AS (
    SELECT BillingCurrency, {{metric}} AS cost, unnest(string_split(x_TagViolations, ',')) AS violation
    FROM {{costs}}
    WHERE strftime(BillingPeriodStart, '%Y-%m') = $period AND x_TagViolations <> ''
)
SELECT coalesce(BillingCurrency, '(none)') AS currency,
       split_part(violation, ':', 2) AS key,
       split_part(violation, ':', 1) AS problem,
       count(*)::BIGINT AS rows,
       sum(cost)::VARCHAR AS cost
FROM broken
GROUP BY ALL
ORDER BY sum(cost) DESC, key, problem
