-- Totals of a period before (focus.costs) and after (the allocated stage) allocation, per currency, for
-- the check that allocation moved cost between owners and never changed the total.
WITH before AS (
    SELECT coalesce(BillingCurrency, '(none)') AS currency, count(*) AS rows,
           coalesce(sum(BilledCost), 0) AS billed, coalesce(sum(EffectiveCost), 0) AS effective,
           coalesce(sum(ListCost), 0) AS list, coalesce(sum(ContractedCost), 0) AS contracted
    FROM gov_base GROUP BY ALL
),
after AS (
    SELECT coalesce(BillingCurrency, '(none)') AS currency,
           count(*) FILTER (WHERE x_AllocationOrigin IS NOT NULL) AS split_rows,
           coalesce(sum(BilledCost), 0) AS billed, coalesce(sum(EffectiveCost), 0) AS effective,
           coalesce(sum(ListCost), 0) AS list, coalesce(sum(ContractedCost), 0) AS contracted
    FROM {{stage}} GROUP BY ALL
)
SELECT coalesce(b.currency, a.currency) AS currency,
       coalesce(b.billed, 0)::VARCHAR AS billed_before, coalesce(a.billed, 0)::VARCHAR AS billed_after,
       coalesce(b.effective, 0)::VARCHAR AS effective_before, coalesce(a.effective, 0)::VARCHAR AS effective_after,
       coalesce(b.list, 0) = coalesce(a.list, 0) AND coalesce(b.contracted, 0) = coalesce(a.contracted, 0) AS others_equal,
       coalesce(a.split_rows, 0)::BIGINT AS split_rows
FROM before AS b FULL JOIN after AS a USING (currency)
ORDER BY 1
