-- The slice's daily_costs (or all of them) summed per billing period into finops_meta.monthly_costs.
INSERT INTO finops_meta.monthly_costs
SELECT source_type, source_name, billing_period, provider, currency, service_category, service_name,
       sub_account_id, max(sub_account_name) AS sub_account_name, region_id, charge_category,
       pricing_category, commitment_status,
       sum(billed_cost) AS billed_cost,
       sum(effective_cost) AS effective_cost,
       sum(on_demand_cost) AS on_demand_cost,
       sum(row_count) AS row_count,
       min(day) AS first_day,
       max(day) AS last_day
FROM finops_meta.daily_costs
WHERE {{scope}}
GROUP BY ALL
