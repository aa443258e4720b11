-- What a month's drop must add up to: the warehouse's own rows and sums, exact DECIMAL(38,18) text.
SELECT count(*)::INTEGER AS rows,
       sum(BilledCost)::VARCHAR AS "cost/cost",
       sum(EffectiveCost)::VARCHAR AS "cost/amortized_cost",
       sum(ListCost)::VARCHAR AS "cost/on_demand_cost",
       string_agg(DISTINCT BillingCurrency, ',' ORDER BY BillingCurrency) AS currencies
FROM focus.costs
WHERE {{scope}}
