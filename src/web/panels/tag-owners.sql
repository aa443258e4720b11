-- Spend of a billing period per owner (x_Owner: the owner key's valid value, or the unallocated owner
-- for rows that break the policy), in one currency.
SELECT owner, sum(row_count)::BIGINT::VARCHAR AS rows,
       sum(effective_cost)::DECIMAL(38,2)::VARCHAR AS cost,
       CASE WHEN sum(sum(effective_cost)) OVER () = 0 THEN NULL
            ELSE (sum(effective_cost) / sum(sum(effective_cost)) OVER ())::DOUBLE END AS share
FROM finops_meta.monthly_tag_compliance
WHERE currency = $currency AND billing_period = $period AND compliance <> 'ungoverned'
GROUP BY owner
ORDER BY sum(effective_cost) DESC, owner
LIMIT $limit
