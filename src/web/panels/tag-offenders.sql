-- The largest non-compliant spend of a billing period by {{name}} (resource, account or service: a
-- fixed column chosen in tags.ts), in one currency, with the problems its rows have.
SELECT {{name}} AS name, max({{label}}) AS label,
       sum(row_count)::BIGINT::VARCHAR AS rows,
       sum(effective_cost)::DECIMAL(38,2)::VARCHAR AS cost,
       list_sort(list_distinct(flatten(list(string_split(violations, ','))))) AS violations
FROM finops_meta.monthly_tag_compliance
WHERE currency = $currency AND billing_period = $period AND compliance IN ('missing', 'invalid')
GROUP BY {{name}}
HAVING sum(effective_cost) <> 0
ORDER BY sum(effective_cost) DESC, name
LIMIT $limit
