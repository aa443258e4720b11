-- The values of one dimension, biggest first, for the filter menus.
SELECT {{key}} AS value, any_value({{label}}) AS label
FROM finops_meta.monthly_costs
GROUP BY 1
ORDER BY sum(abs(effective_cost)) DESC, 1
LIMIT 500
