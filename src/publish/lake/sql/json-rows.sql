-- Rows a report function computed (showback, tag compliance, period status), passed as one JSON text
-- and typed here: amounts arrive as exact decimal text and are cast, never through a float.
SELECT {{columns}}
FROM (SELECT unnest(CAST(CAST($rows AS JSON) AS JSON[])) AS r)
