-- Daily cost series from focus.costs into the session's temp tables:
--   anomaly_delivered: the UTC days on which each source (x_SourceName) delivered any row at all, of any
--                      charge category. A day a source did not deliver is a day without data, not a day
--                      of zero spend (exports that cover a few days a month, late or missing drops).
--   anomaly_series:    one row per series (provider, sub account, service, optional tag value, currency),
--                      with the sources it comes from.
--   anomaly_daily:     one row per series and UTC day, from the series' first day in the range to the last
--                      day of data (a dense calendar, so ROWS frames are days): the day's sum; 0 when one
--                      of the series' sources delivered that day without rows for it; NULL when none did.
-- {{metric}} is EffectiveCost or BilledCost (quoted); {{tag_value}} the tag's value or NULL.
-- Sums stay DECIMAL(38,18): exact.
CREATE OR REPLACE TEMP TABLE anomaly_delivered AS
SELECT DISTINCT coalesce(x_SourceName, ProviderName, ServiceProviderName, '(none)') AS source,
       CAST(ChargePeriodStart AS DATE)                                           AS day
FROM focus.costs
WHERE ChargePeriodStart >= CAST($from AS DATE);

CREATE OR REPLACE TEMP TABLE anomaly_sums AS
WITH source AS (
    SELECT coalesce(ProviderName, ServiceProviderName, '(none)')      AS provider,
           coalesce(SubAccountId, '(none)')                            AS sub_account_id,
           SubAccountName                                              AS sub_account_name,
           coalesce(ServiceName, '(none)')                             AS service_name,
           {{tag_value}}                                               AS tag_value,
           coalesce(BillingCurrency, '')                               AS currency,
           coalesce(x_SourceName, ProviderName, ServiceProviderName, '(none)') AS source,
           CAST(ChargePeriodStart AS DATE)                             AS day,
           {{metric}}                                                  AS cost
    FROM focus.costs
    WHERE list_contains($categories, ChargeCategory)
      AND ChargePeriodStart >= CAST($from AS DATE)
)
SELECT $metric_name || '|' || provider || '|' || sub_account_id || '|' || service_name
           || CASE WHEN $tag_key = '' THEN '' ELSE '|' || $tag_key || '=' || tag_value END
           || '|' || currency                                          AS series_key,
       provider, sub_account_id, max(sub_account_name) AS sub_account_name, service_name, tag_value,
       currency, day, list(DISTINCT source) AS sources, CAST(sum(cost) AS DECIMAL(38,18)) AS cost
FROM source
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE anomaly_series AS
SELECT series_key, $metric_name AS metric, provider, sub_account_id, max(sub_account_name) AS sub_account_name,
       service_name, nullif($tag_key, '') AS tag_key, tag_value, currency, min(day) AS first_day,
       list_distinct(flatten(list(sources))) AS sources
FROM anomaly_sums
GROUP BY series_key, provider, sub_account_id, service_name, tag_value, currency;

CREATE OR REPLACE TEMP TABLE anomaly_daily AS
WITH last AS (SELECT max(day) AS last_day FROM anomaly_delivered),
calendar AS (
    SELECT s.series_key, CAST(d.day AS DATE) AS day
    FROM anomaly_series AS s, last,
         LATERAL (SELECT unnest(generate_series(s.first_day, last.last_day, INTERVAL 1 DAY)) AS day) AS d
),
delivered AS (
    SELECT DISTINCT s.series_key, d.day
    FROM (SELECT series_key, unnest(sources) AS source FROM anomaly_series) AS s
    JOIN anomaly_delivered AS d USING (source)
)
SELECT c.series_key, c.day,
       CASE WHEN m.cost IS NOT NULL THEN m.cost
            WHEN d.series_key IS NOT NULL THEN CAST(0 AS DECIMAL(38,18))
       END AS cost
FROM calendar AS c
LEFT JOIN anomaly_sums AS m USING (series_key, day)
LEFT JOIN delivered AS d USING (series_key, day);

DROP TABLE anomaly_sums;
