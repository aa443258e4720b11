-- Whether a period's allocated table still matches focus.costs: the totals its run recorded per
-- currency against today's. A reload that changed any currency's BilledCost or EffectiveCost (or added
-- or removed a currency) makes it stale; run `finops allocate` again.
WITH now_totals AS (
    SELECT coalesce(BillingCurrency, '(none)') AS currency,
           coalesce(sum(BilledCost), 0) AS billed, coalesce(sum(EffectiveCost), 0) AS effective
    FROM focus.costs WHERE strftime(BillingPeriodStart, '%Y-%m') = $period GROUP BY ALL
),
recorded AS (
    SELECT currency, billed_before AS billed, effective_before AS effective
    FROM govern.allocation_runs WHERE billing_period = $period
)
SELECT count(*)::INTEGER AS differences
FROM now_totals AS n FULL JOIN recorded AS r USING (currency)
WHERE n.billed IS DISTINCT FROM r.billed OR n.effective IS DISTINCT FROM r.effective
