-- Cost per day and series in one currency: the biggest series by absolute cost over the range, the
-- rest as one "Other" series. Rows with a day are points; rows without one are the series' totals,
-- and the row with neither day nor key is the grand total (exact sums, rounded once).
WITH filtered AS (
{{filtered}}
),
ranked AS (
    SELECT key, any_value(label) AS label, row_number() OVER (ORDER BY abs(sum(cost)) DESC, key) AS rank
    FROM filtered
    GROUP BY key
),
bucketed AS (
    SELECT f.day,
           CASE WHEN r.rank <= $top THEN f.key ELSE '(other)' END AS key,
           CASE WHEN r.rank <= $top THEN r.label ELSE 'Other' END AS label,
           least(r.rank, $top + 1) AS rank,
           f.cost
    FROM filtered AS f
    JOIN ranked AS r USING (key)
)
SELECT CAST(day AS VARCHAR) AS day, key, any_value(label) AS label, min(rank)::INTEGER AS rank,
       sum(cost)::DECIMAL(38,2)::VARCHAR AS cost
FROM bucketed
GROUP BY GROUPING SETS ((day, key), (key), ())
ORDER BY day NULLS FIRST, rank NULLS FIRST
