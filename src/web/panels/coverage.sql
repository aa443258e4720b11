-- Commitment coverage in a billing period, in one currency: of the usage that commitments could have
-- covered, the share they did, at on-demand prices (ListCost, so that a discount does not look like
-- less coverage). Eligible usage is, in each service category where some usage was covered, the
-- covered usage plus the on-demand usage (PricingCategory Standard); spot and other dynamic pricing
-- are left out. The row whose category is NULL is the total.
WITH per_category AS (
    SELECT service_category,
           coalesce(sum(on_demand_cost) FILTER (WHERE commitment_status = 'Used'), 0) AS covered,
           coalesce(sum(on_demand_cost) FILTER (WHERE commitment_status = '(none)' AND pricing_category = 'Standard'), 0)
               AS on_demand
    FROM finops_meta.monthly_costs
    WHERE currency = $currency AND billing_period = $period AND charge_category = 'Usage'
    GROUP BY service_category
    HAVING covered <> 0
)
SELECT CASE WHEN GROUPING(service_category) = 1 THEN NULL ELSE service_category END AS category,
       sum(covered)::DECIMAL(38,2)::VARCHAR AS covered,
       sum(on_demand)::DECIMAL(38,2)::VARCHAR AS "onDemand",
       CASE WHEN sum(covered) + sum(on_demand) = 0 THEN NULL
            ELSE (sum(covered) / (sum(covered) + sum(on_demand)))::DOUBLE END AS coverage
FROM per_category
GROUP BY GROUPING SETS ((service_category), ())
ORDER BY GROUPING(service_category) DESC, sum(covered) + sum(on_demand) DESC, 1
