-- Showback of one billing period by one tag key, per currency: each row's owner is the target its
-- allocation gave it (AllocatedTags), else its own valid value of the key, else the unallocated owner.
-- The owners of a currency sum to the period's total in that currency.
WITH owned AS (
    SELECT BillingCurrency,
           coalesce(CASE WHEN x_AllocationOrigin IS NOT NULL THEN AllocatedTags->>$key END, {{target}}, $unallocated)
               AS owner,
           x_AllocationOrigin IS NOT NULL AS shared,
           {{metric}} AS cost
    FROM {{relation}}
    WHERE strftime(BillingPeriodStart, '%Y-%m') = $period
)
SELECT coalesce(BillingCurrency, '(none)') AS currency,
       owner,
       count(*)::BIGINT AS rows,
       coalesce(sum(cost), 0)::VARCHAR AS cost,
       coalesce(sum(cost) FILTER (WHERE shared), 0)::VARCHAR AS shared,
       CASE WHEN sum(sum(cost)) OVER (PARTITION BY BillingCurrency) = 0 THEN NULL
            ELSE round(100 * sum(cost) / sum(sum(cost)) OVER (PARTITION BY BillingCurrency), 2)::DOUBLE END AS percent
FROM owned
GROUP BY BillingCurrency, owner
ORDER BY currency, sum(cost) DESC, owner
