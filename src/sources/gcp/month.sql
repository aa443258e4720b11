-- finops:month-rows
-- One invoice month of a billing export table, one JSON text per row (BigQuery formats it, so nothing is
-- converted in JavaScript). cost and the credits' amounts are FLOAT64 in the export: they are cast to
-- NUMERIC (nine digits, Google's advice for summing costs) and sent as text, so DuckDB reads them exactly.
-- The partition filter keeps the scan to the month's export days; invoice.month picks the month's rows.
SELECT TO_JSON_STRING(r) AS row
FROM (
    SELECT t.* REPLACE (
        CAST(CAST(t.cost AS NUMERIC) AS STRING) AS cost,
        ARRAY(SELECT AS STRUCT c.* REPLACE (CAST(CAST(c.amount AS NUMERIC) AS STRING) AS amount)
              FROM UNNEST(t.credits) AS c) AS credits)
    FROM {{table}} AS t
    WHERE _PARTITIONTIME >= TIMESTAMP(@partition_from)
      AND _PARTITIONTIME < TIMESTAMP(@partition_to)
      AND t.invoice.month = @invoice_month
) AS r
