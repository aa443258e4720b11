-- Groups stored findings into incidents, for alerting: the findings of one series (any detector)
-- belong to one incident while each day is at most $group_days after the previous finding's day. An
-- incident alerts once; a spike that lasts, or a step change the detectors keep seeing for days, does
-- not alert again every run. Returns the findings still `new`, with their incident, for the incidents
-- that have a new finding on or after $since.
WITH days AS (
    SELECT series_key, day,
           bool_or(status = 'new')                                   AS has_new,
           max(alert_key)                                            AS alert_key
    FROM finops_meta.anomalies
    WHERE metric = $metric AND coalesce(tag_key, '') = $tag_key
    GROUP BY series_key, day
),
chained AS (
    SELECT *,
           CASE WHEN day - lag(day) OVER (PARTITION BY series_key ORDER BY day) <= $group_days
                THEN 0 ELSE 1 END                                    AS starts
    FROM days
),
numbered AS (
    SELECT *,
           sum(starts) OVER (PARTITION BY series_key ORDER BY day ROWS UNBOUNDED PRECEDING) AS incident
    FROM chained
),
incidents AS (
    SELECT series_key, incident,
           min(day)                                                  AS lead_day,
           max(day)                                                  AS last_day,
           count(*)::INTEGER                                         AS days,
           max(alert_key)                                            AS alert_key,
           max(day) FILTER (WHERE has_new)                           AS last_new_day
    FROM numbered
    GROUP BY series_key, incident
)
SELECT a.fingerprint,
       a.series_key,
       CAST(i.lead_day AS VARCHAR)                                   AS lead_day,
       CAST(i.last_day AS VARCHAR)                                   AS last_day,
       i.days,
       coalesce(i.alert_key, 'anomaly:' || md5(a.series_key || '|' || CAST(i.lead_day AS VARCHAR))) AS alert_key,
       i.alert_key IS NOT NULL                                       AS already_alerted,
       a.day = i.lead_day                                            AS is_lead
FROM finops_meta.anomalies AS a
JOIN numbered AS n USING (series_key, day)
JOIN incidents AS i USING (series_key, incident)
WHERE a.status = 'new'
  AND a.metric = $metric AND coalesce(a.tag_key, '') = $tag_key
  AND i.last_new_day >= CAST($since AS DATE)
ORDER BY i.lead_day, a.series_key, a.day, a.score DESC;
