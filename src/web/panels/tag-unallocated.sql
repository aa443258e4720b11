-- The period's unallocated spend (rows that miss a required tag or carry an invalid value), and the
-- period's total, in one currency.
SELECT sum(effective_cost) FILTER (WHERE compliance IN ('missing', 'invalid'))::DECIMAL(38,2)::VARCHAR AS cost,
       sum(effective_cost)::DECIMAL(38,2)::VARCHAR AS total,
       CASE WHEN sum(effective_cost) = 0 THEN NULL
            ELSE (coalesce(sum(effective_cost) FILTER (WHERE compliance IN ('missing', 'invalid')), 0)
                  / sum(effective_cost))::DOUBLE END AS share
FROM finops_meta.monthly_tag_compliance
WHERE currency = $currency AND billing_period = $period
