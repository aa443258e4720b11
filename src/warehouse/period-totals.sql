-- What each billing period of a sliced source holds now: the loads whose rows are in focus.costs
-- ({{costs}}, by their x_LoadId), summed. A source that loads a period in slices (Alibaba's daily
-- batches, Azure's export scopes) has several live loads at once, and its newest attempt alone is only
-- the last slice. The rows' lineage, not the ledger's parts, says which loads are live, so a slice that
-- replaced the whole period (an Alibaba snapshot batch) counts alone. Periods loaded whole are not here.
WITH live AS (
    SELECT l.*
    FROM finops_meta.loads AS l
    WHERE l.part IS NOT NULL AND l.status = 'succeeded'
      AND l.load_id IN (SELECT DISTINCT x_LoadId FROM {{costs}})
),
per_currency AS (
    SELECT source_type, source_name, billing_period, currency,
           sum(CAST(cost_totals->>currency AS DECIMAL(38,18))) AS cost
    FROM live, unnest(json_keys(cost_totals)) AS c(currency)
    GROUP BY ALL
),
costs AS (
    SELECT source_type, source_name, billing_period,
           CAST(to_json(map(list(currency ORDER BY currency), list(CAST(cost AS VARCHAR) ORDER BY currency)))
                AS VARCHAR) AS cost_totals
    FROM per_currency
    GROUP BY ALL
)
SELECT source_type, source_name, billing_period,
       count(*)::INTEGER AS parts,
       sum(files)::INTEGER AS files,
       sum(rows)::BIGINT AS rows,
       any_value(c.cost_totals) AS cost_totals
FROM live
LEFT JOIN costs AS c USING (source_type, source_name, billing_period)
GROUP BY source_type, source_name, billing_period
