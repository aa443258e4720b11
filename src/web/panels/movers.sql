-- What changed most between a billing period and the one before, by absolute change, in one currency.
WITH filtered AS (
{{filtered}}
),
per_key AS (
    SELECT key, any_value(label) AS label,
           coalesce(sum(cost) FILTER (WHERE billing_period = $period), 0) AS current,
           coalesce(sum(cost) FILTER (WHERE billing_period = $previous), 0) AS previous
    FROM filtered
    GROUP BY key
)
SELECT key, label,
       current::DECIMAL(38,2)::VARCHAR AS current,
       previous::DECIMAL(38,2)::VARCHAR AS previous,
       -- The difference of the shown (rounded) amounts, so current - previous = change on screen.
       (current::DECIMAL(38,2) - previous::DECIMAL(38,2))::VARCHAR AS change,
       CASE WHEN previous = 0 THEN NULL ELSE ((current - previous) / abs(previous))::DOUBLE END AS ratio
FROM per_key
ORDER BY abs(current - previous) DESC, key
LIMIT $limit
