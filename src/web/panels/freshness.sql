-- The ledger's newest attempt per source and billing period, with whether the dashboard's aggregates
-- reflect the newest successful load of that period ("current"), an older one ("behind") or none.
-- A newest attempt that succeeded on a sliced period shows the whole period's files, rows and cost
-- (src/warehouse/period-totals.sql, as `finops status` does), not only its own slice's.
WITH totals AS (
{{periodTotals}}
),
attempts AS (
    SELECT *, row_number() OVER (PARTITION BY source_type, source_name, billing_period ORDER BY load_id DESC) AS n
    FROM finops_meta.loads
),
succeeded AS (
    SELECT source_type, source_name, billing_period, max(load_id) AS load_id
    FROM finops_meta.loads
    WHERE status = 'succeeded'
    GROUP BY ALL
)
SELECT a.source_type AS "sourceType", a.source_name AS "sourceName", a.billing_period AS period,
       a.load_id::INTEGER AS "loadId", a.status, a.version_id AS "versionId",
       coalesce(t.files, a.files)::INTEGER AS files, t.parts,
       CAST(coalesce(t.rows, a.rows) AS VARCHAR) AS rows, coalesce(t.cost_totals, a.cost_totals) AS "costTotals",
       a.validation,
       strftime(a.started_at, '%Y-%m-%dT%H:%M:%SZ') AS "startedAt",
       strftime(a.finished_at, '%Y-%m-%dT%H:%M:%SZ') AS "finishedAt",
       (epoch_ms(a.finished_at) - epoch_ms(a.started_at))::BIGINT::INTEGER AS "durationMs",
       a.message,
       CASE WHEN s.load_id IS NULL THEN 'none'
            WHEN d.load_id IS NOT NULL AND d.load_id >= s.load_id THEN 'current'
            ELSE 'behind' END AS aggregates
FROM attempts AS a
LEFT JOIN succeeded AS s USING (source_type, source_name, billing_period)
LEFT JOIN finops_meta.daily_slices AS d USING (source_type, source_name, billing_period)
LEFT JOIN totals AS t
       ON a.status = 'succeeded' AND t.source_type = a.source_type AND t.source_name = a.source_name
      AND t.billing_period = a.billing_period
WHERE a.n = 1
ORDER BY a.source_type, a.source_name, a.billing_period DESC
LIMIT 500
