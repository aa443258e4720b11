-- Slices whose newest successful load in the ledger is newer than what the aggregates reflect: loads
-- published by a version of finops that did not refresh the aggregates, or a refresh that failed.
SELECT l.source_type, l.source_name, l.billing_period
FROM (
    SELECT source_type, source_name, billing_period, max(load_id) AS load_id
    FROM finops_meta.loads
    WHERE status = 'succeeded'
    GROUP BY ALL
) AS l
LEFT JOIN finops_meta.daily_slices AS s USING (source_type, source_name, billing_period)
WHERE s.load_id IS NULL OR s.load_id < l.load_id
ORDER BY ALL
