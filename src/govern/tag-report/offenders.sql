-- The largest non-compliant spend of a billing period grouped by one dimension ({{dimension}}: resource,
-- account or service), per currency, with the keys that are wrong.
SELECT coalesce(BillingCurrency, '(none)') AS currency,
       {{dimension}} AS name,
       {{label}} AS label,
       count(*)::BIGINT AS rows,
       sum({{metric}})::VARCHAR AS cost,
       list_sort(list_distinct(list_filter(flatten(list(string_split(coalesce(x_TagViolations, ''), ','))), lambda v: v <> '')))
           AS violations
FROM {{costs}}
WHERE strftime(BillingPeriodStart, '%Y-%m') = $period AND x_TagCompliance IN ('missing', 'invalid')
GROUP BY ALL
HAVING sum({{metric}}) <> 0
ORDER BY sum({{metric}}) DESC, name
LIMIT $limit
