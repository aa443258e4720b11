-- Utilization and savings of each commitment discount in one billing period, per currency, from the
-- FOCUS commitment columns alone (so every provider's data reads the same):
--   used / unused    EffectiveCost of the rows the commitment covered (Used) and of its waste (Unused).
--                    A commitment whose fee stays on its purchase rows (GCP's committed use discounts:
--                    the covered rows cost 0 once the CUD credits apply, and no Unused rows) splits that
--                    fee instead, by the share of its quantity the credited rows used.
--   utilization      used / (used + unused); by quantity too when CommitmentDiscountQuantity is given
--   list_cost        ListCost of the covered usage: what it would have cost at list prices
--   savings          list_cost - used - unused: what the commitment saved, net of its waste. Unknown
--                    (NULL) when the data gives no list price for some covered usage, or lists it at
--                    exactly what it cost (the provider did not say what it would have cost without
--                    the commitment), rather than a loss made up by the missing prices.
--   purchased        BilledCost of the commitment's purchase rows in the period
WITH figures AS (
    SELECT coalesce(ServiceProviderName, ProviderName, '(none)') AS provider,
           coalesce(BillingCurrency, '(none)') AS currency,
           CommitmentDiscountId AS id,
           max(CommitmentDiscountName) AS name,
           max(CommitmentDiscountType) AS type,
           max(CommitmentDiscountCategory) AS category,
           coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Used'), 0) AS covered_cost,
           coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Unused'), 0) AS unused_cost,
           sum(CommitmentDiscountQuantity) FILTER (WHERE CommitmentDiscountStatus = 'Used') AS used_quantity,
           sum(CommitmentDiscountQuantity) FILTER (WHERE CommitmentDiscountStatus = 'Unused') AS unused_quantity,
           sum(CommitmentDiscountQuantity) FILTER (WHERE ChargeCategory = 'Purchase') AS purchased_quantity,
           count(*) FILTER (WHERE CommitmentDiscountStatus = 'Used') AS covered_rows,
           count(*) FILTER (WHERE CommitmentDiscountStatus = 'Used' AND ListCost IS NULL) AS unlisted_rows,
           sum(ListCost) FILTER (WHERE CommitmentDiscountStatus = 'Used') AS list_cost,
           coalesce(sum(BilledCost) FILTER (WHERE ChargeCategory = 'Purchase'), 0) AS purchased
    FROM focus.costs
    WHERE strftime(BillingPeriodStart, '%Y-%m') = $period AND CommitmentDiscountId IS NOT NULL
    GROUP BY ALL
),
split AS (
    SELECT *,
           -- the fee stays on the purchase: the share of the purchased quantity the credited rows used
           covered_cost = 0 AND unused_cost = 0 AND purchased > 0 AND coalesce(used_quantity, 0) > 0
               AND coalesce(purchased_quantity, 0) > 0 AS fee_on_purchase,
           least(used_quantity / nullif(purchased_quantity, 0), 1) AS credited_share
    FROM figures
),
-- A share of a fee is an apportionment, not a delivered amount: to 6 decimals, and used + unused is
-- the fee exactly.
shared AS (
    SELECT *, CAST(round(purchased * credited_share, 6) AS DECIMAL(38,18)) AS fee_used FROM split
),
costs AS (
    SELECT *,
           CASE WHEN fee_on_purchase THEN fee_used ELSE covered_cost END AS used,
           CASE WHEN fee_on_purchase THEN purchased - fee_used ELSE unused_cost END AS unused,
           covered_rows > 0 AND unlisted_rows = 0 AND list_cost <> covered_cost AS savings_known
    FROM shared
)
SELECT provider, currency, id, name, type, category,
       used::VARCHAR AS used,
       unused::VARCHAR AS unused,
       CASE WHEN used + unused = 0 THEN NULL ELSE (used / (used + unused))::DOUBLE END AS utilization,
       CASE WHEN fee_on_purchase THEN credited_share::DOUBLE
            WHEN coalesce(used_quantity, 0) + coalesce(unused_quantity, 0) = 0 THEN NULL
            ELSE (coalesce(used_quantity, 0) / (coalesce(used_quantity, 0) + coalesce(unused_quantity, 0)))::DOUBLE
       END AS quantity_utilization,
       CASE WHEN unlisted_rows = 0 THEN list_cost::VARCHAR END AS list_cost,
       CASE WHEN savings_known THEN (list_cost - used - unused)::VARCHAR END AS savings,
       purchased::VARCHAR AS purchased
FROM costs
ORDER BY currency, used + unused DESC NULLS LAST, id
