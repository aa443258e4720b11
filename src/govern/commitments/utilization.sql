-- Utilization and savings of each commitment discount in one billing period, per currency, from the
-- FOCUS commitment columns alone (so every provider's data reads the same):
--   used / unused    EffectiveCost of the rows the commitment covered (Used) and of its waste (Unused)
--   utilization      used / (used + unused); by quantity too when CommitmentDiscountQuantity is given
--   list_cost        ListCost of the covered usage: what it would have cost at list prices
--   savings          list_cost - used - unused: what the commitment saved, net of its waste (NULL when
--                    the data gives no ListCost)
--   purchased        BilledCost of the commitment's purchase rows in the period
SELECT coalesce(ServiceProviderName, ProviderName, '(none)') AS provider,
       coalesce(BillingCurrency, '(none)') AS currency,
       CommitmentDiscountId AS id,
       max(CommitmentDiscountName) AS name,
       max(CommitmentDiscountType) AS type,
       max(CommitmentDiscountCategory) AS category,
       coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Used'), 0)::VARCHAR AS used,
       coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Unused'), 0)::VARCHAR AS unused,
       CASE WHEN coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus IN ('Used', 'Unused')), 0) = 0 THEN NULL
            ELSE (coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Used'), 0)
                  / sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus IN ('Used', 'Unused')))::DOUBLE
       END AS utilization,
       CASE WHEN coalesce(sum(CommitmentDiscountQuantity) FILTER (WHERE CommitmentDiscountStatus IN ('Used', 'Unused')), 0) = 0 THEN NULL
            ELSE (coalesce(sum(CommitmentDiscountQuantity) FILTER (WHERE CommitmentDiscountStatus = 'Used'), 0)
                  / sum(CommitmentDiscountQuantity) FILTER (WHERE CommitmentDiscountStatus IN ('Used', 'Unused')))::DOUBLE
       END AS quantity_utilization,
       (sum(ListCost) FILTER (WHERE CommitmentDiscountStatus = 'Used'))::VARCHAR AS list_cost,
       (sum(ListCost) FILTER (WHERE CommitmentDiscountStatus = 'Used')
        - coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus IN ('Used', 'Unused')), 0))::VARCHAR AS savings,
       coalesce(sum(BilledCost) FILTER (WHERE ChargeCategory = 'Purchase'), 0)::VARCHAR AS purchased
FROM focus.costs
WHERE strftime(BillingPeriodStart, '%Y-%m') = $period AND CommitmentDiscountId IS NOT NULL
GROUP BY ALL
ORDER BY currency, sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus IN ('Used', 'Unused')) DESC NULLS LAST, id
