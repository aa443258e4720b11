-- Records which load each aggregated slice reflects: the newest successful load of the slice in the
-- ledger (a slice the ledger has but no rows is recorded too, with 0 rows, so it is not stale).
-- The scope placeholder names the slice (or every slice) over the columns both tables share.
INSERT OR REPLACE INTO finops_meta.daily_slices
WITH latest AS (
    SELECT source_type, source_name, billing_period, max(load_id) AS load_id
    FROM finops_meta.loads
    WHERE status = 'succeeded' AND {{scope}}
    GROUP BY ALL
),
built AS (
    SELECT source_type, source_name, billing_period, sum(row_count) AS rows
    FROM finops_meta.daily_costs
    WHERE {{scope}}
    GROUP BY ALL
)
SELECT source_type, source_name, billing_period, latest.load_id, coalesce(built.rows, 0), now()
FROM built
FULL OUTER JOIN latest USING (source_type, source_name, billing_period)
