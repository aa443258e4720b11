-- Per source: when it last loaded successfully, how many periods it has, and its latest day of costs.
WITH loads AS (
    SELECT source_type, source_name,
           strftime(max(finished_at) FILTER (WHERE status = 'succeeded'), '%Y-%m-%dT%H:%M:%SZ') AS last_load,
           count(DISTINCT billing_period) FILTER (WHERE status = 'succeeded')::INTEGER AS periods,
           count(*) FILTER (WHERE status = 'failed')::INTEGER AS failures
    FROM finops_meta.loads
    GROUP BY ALL
),
days AS (
    SELECT source_type, source_name, CAST(max(last_day) AS VARCHAR) AS last_day
    FROM finops_meta.monthly_costs
    GROUP BY ALL
)
SELECT coalesce(l.source_type, d.source_type) AS "sourceType", coalesce(l.source_name, d.source_name) AS "sourceName",
       l.last_load AS "lastLoadAt", coalesce(l.periods, 0) AS periods, coalesce(l.failures, 0) AS failures,
       d.last_day AS "lastDay"
FROM loads AS l
FULL OUTER JOIN days AS d ON d.source_type = l.source_type AND d.source_name = l.source_name
ORDER BY 1, 2
