-- The period's commitment figures per currency: the sums of utilization.sql's commitments (its
-- definitions of used, unused and savings), and the coverage of coverage.sql. Savings are unknown for
-- the currency when they are unknown for one of its commitments: a sum of the others would read as all.
WITH commitment AS (
    SELECT currency,
           sum(used::DECIMAL(38,18)) AS used,
           sum(unused::DECIMAL(38,18)) AS unused,
           sum(list_cost::DECIMAL(38,18)) AS list_cost,
           CASE WHEN bool_and(savings IS NOT NULL) THEN sum(savings::DECIMAL(38,18)) END AS savings
    FROM ({{commitments}})
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
       c.savings::VARCHAR AS savings,
       CASE WHEN c.savings IS NULL OR coalesce(c.list_cost, 0) = 0 THEN NULL ELSE (c.savings / c.list_cost)::DOUBLE END
           AS savings_rate,
       CASE WHEN coalesce(e.covered, 0) + coalesce(e.on_demand, 0) = 0 THEN NULL
            ELSE (e.covered / (e.covered + e.on_demand))::DOUBLE END AS coverage
FROM commitment AS c LEFT JOIN eligible AS e USING (currency)
ORDER BY 1
