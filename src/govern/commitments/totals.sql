-- The period's commitment figures per currency (see utilization.sql and coverage.sql for each).
WITH commitment AS (
    SELECT coalesce(BillingCurrency, '(none)') AS currency,
           coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Used'), 0) AS used,
           coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Unused'), 0) AS unused,
           sum(ListCost) FILTER (WHERE CommitmentDiscountStatus = 'Used') AS list_cost
    FROM focus.costs
    WHERE strftime(BillingPeriodStart, '%Y-%m') = $period AND CommitmentDiscountId IS NOT NULL
    GROUP BY ALL
),
eligible AS (
    SELECT currency, sum(covered::DECIMAL(38,18)) AS covered, sum(on_demand::DECIMAL(38,18)) AS on_demand FROM ({{coverage}}) GROUP BY ALL
)
SELECT c.currency,
       c.used::VARCHAR AS used,
       c.unused::VARCHAR AS unused,
       CASE WHEN c.used + c.unused = 0 THEN NULL ELSE (c.used / (c.used + c.unused))::DOUBLE END AS utilization,
       c.list_cost::VARCHAR AS list_cost,
       (c.list_cost - c.used - c.unused)::VARCHAR AS savings,
       CASE WHEN coalesce(c.list_cost, 0) = 0 THEN NULL ELSE ((c.list_cost - c.used - c.unused) / c.list_cost)::DOUBLE END
           AS savings_rate,
       CASE WHEN coalesce(e.covered, 0) + coalesce(e.on_demand, 0) = 0 THEN NULL
            ELSE (e.covered / (e.covered + e.on_demand))::DOUBLE END AS coverage
FROM commitment AS c LEFT JOIN eligible AS e USING (currency)
ORDER BY 1
