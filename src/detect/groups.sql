-- Each series' sensitivity and gates (anomaly_series_settings), from the first [[anomalies.groups]] entry
-- whose globs all match it; the last entry is the [anomalies] section itself and matches every series.
-- A sub account matches by id or by name. The lists are bound one per field, in the groups' order.
CREATE OR REPLACE TEMP TABLE anomaly_groups AS
SELECT unnest(range(1, len($group_provider) + 1))       AS ord,
       unnest($group_provider)                          AS provider,
       unnest($group_sub_account)                       AS sub_account,
       unnest($group_service)                           AS service,
       unnest($group_tag_value)                         AS tag_value,
       unnest($group_currency)                          AS currency,
       CAST(unnest($group_threshold) AS DOUBLE)         AS threshold,
       CAST(unnest($group_min_daily_cost) AS DOUBLE)    AS min_daily_cost,
       CAST(unnest($group_min_impact) AS DOUBLE)        AS min_impact,
       CAST(unnest($group_min_percent) AS DOUBLE)       AS min_percent;

CREATE OR REPLACE TEMP TABLE anomaly_series_settings AS
SELECT s.series_key, g.threshold, g.min_daily_cost, g.min_impact, g.min_percent
FROM anomaly_series AS s
JOIN anomaly_groups AS g
  ON s.provider GLOB g.provider
 AND (s.sub_account_id GLOB g.sub_account OR coalesce(s.sub_account_name, '') GLOB g.sub_account)
 AND s.service_name GLOB g.service
 AND coalesce(s.tag_value, '') GLOB g.tag_value
 AND s.currency GLOB g.currency
QUALIFY row_number() OVER (PARTITION BY s.series_key ORDER BY g.ord) = 1;
