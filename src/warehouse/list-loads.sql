-- The ledger as `finops status` lists it: every attempt ($latestOnly false), or the newest per source
-- and period. A newest attempt that succeeded on a sliced period (period-totals.sql) shows the whole
-- period's files, rows and cost, not only its own slice's.
WITH totals AS (
{{periodTotals}}
)
SELECT l.load_id, l.source_type, l.source_name, l.billing_period, l.status, l.version_id,
       coalesce(t.files, l.files) AS files, coalesce(t.rows, l.rows) AS rows,
       coalesce(t.cost_totals, l.cost_totals) AS cost_totals, t.parts,
       l.validation, strftime(l.started_at, '%Y-%m-%d %H:%M:%S') AS started_utc,
       round(epoch_ms(l.finished_at) - epoch_ms(l.started_at))::BIGINT AS duration_ms,
       l.target_table, l.format, l.new_columns::VARCHAR AS new_columns, l.failed_step, l.message
FROM finops_meta.loads AS l
LEFT JOIN totals AS t
       ON $latestOnly AND l.status = 'succeeded' AND t.source_type = l.source_type
      AND t.source_name = l.source_name AND t.billing_period = l.billing_period
WHERE ($sourceType IS NULL OR l.source_type = $sourceType)
  -- a name as a person types it: --source Alibaba-Demo is alibaba-demo
  AND ($sourceName IS NULL OR lower(l.source_name) = lower($sourceName))
QUALIFY NOT $latestOnly
    OR (row_number() OVER (PARTITION BY l.source_type, l.source_name, l.billing_period ORDER BY l.load_id DESC) = 1
        -- a source that could not be planned at all, until a later run of it succeeds
        AND (l.billing_period <> '*'
             OR l.load_id > coalesce(max(l.load_id) FILTER (WHERE l.status = 'succeeded')
                                     OVER (PARTITION BY l.source_type, l.source_name), 0)))
ORDER BY l.source_type, l.source_name, l.billing_period, l.load_id
LIMIT $limit
