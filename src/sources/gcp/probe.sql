-- finops:probe
-- What the month holds now, cheaply (three columns of the month's partitions): its version. A month
-- whose rows, cost and newest export time are unchanged is not fetched again.
SELECT
    COUNT(*) AS row_count,
    CAST(SUM(CAST(t.cost AS NUMERIC)) AS STRING) AS cost,
    FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E6SZ', MAX(t.export_time)) AS last_export
FROM {{table}} AS t
WHERE _PARTITIONTIME >= TIMESTAMP(@partition_from)
  AND _PARTITIONTIME < TIMESTAMP(@partition_to)
  AND t.invoice.month = @invoice_month
