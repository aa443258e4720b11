-- The written files read back as CloudZero will read them (text), with the cost columns summed as
-- DECIMAL(38,18): the same type and text form as totals.sql, so the two compare as strings.
SELECT count(*)::INTEGER AS rows,
       sum(CAST("cost/cost" AS DECIMAL(38, 18)))::VARCHAR AS "cost/cost",
       sum(CAST("cost/amortized_cost" AS DECIMAL(38, 18)))::VARCHAR AS "cost/amortized_cost",
       sum(CAST("cost/on_demand_cost" AS DECIMAL(38, 18)))::VARCHAR AS "cost/on_demand_cost"
FROM read_csv({{files}}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
