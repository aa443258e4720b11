-- Utilization of each commitment discount in a billing period, in one currency: the EffectiveCost of
-- the usage it covered (Used) against its waste (Unused), and what its purchases billed. The row
-- whose id is NULL is the total over every commitment.
SELECT CASE WHEN GROUPING(commitment_id) = 1 THEN NULL ELSE commitment_id END AS id,
       max(commitment_name) AS name,
       any_value(commitment_type) AS type,
       any_value(commitment_category) AS category,
       any_value(provider) AS provider,
       coalesce(sum(effective_cost) FILTER (WHERE status = 'Used'), 0)::DECIMAL(38,2)::VARCHAR AS used,
       coalesce(sum(effective_cost) FILTER (WHERE status = 'Unused'), 0)::DECIMAL(38,2)::VARCHAR AS unused,
       coalesce(sum(billed_cost) FILTER (WHERE charge_category = 'Purchase'), 0)::DECIMAL(38,2)::VARCHAR
           AS purchased,
       CASE WHEN coalesce(sum(effective_cost) FILTER (WHERE status IN ('Used', 'Unused')), 0) = 0 THEN NULL
            ELSE (coalesce(sum(effective_cost) FILTER (WHERE status = 'Used'), 0)
                  / sum(effective_cost) FILTER (WHERE status IN ('Used', 'Unused')))::DOUBLE
       END AS utilization
FROM finops_meta.daily_commitments
WHERE currency = $currency AND billing_period = $period
GROUP BY GROUPING SETS ((commitment_id), ())
ORDER BY GROUPING(commitment_id) DESC, sum(effective_cost) FILTER (WHERE status IN ('Used', 'Unused')) DESC NULLS LAST, 1
LIMIT 201
