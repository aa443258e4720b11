-- The periods `finops allocate` has built, and what identifies each one's content: every currency's
-- last run (rules digest and time). A re-allocation changes it; nothing else changes the table.
SELECT billing_period AS period,
       string_agg(currency || ':' || rules_digest || ':' || CAST(ran_at AS VARCHAR), ',' ORDER BY currency) AS runs
FROM govern.allocation_runs
WHERE ($start IS NULL OR billing_period >= $start) AND ($end IS NULL OR billing_period <= $end)
GROUP BY billing_period
ORDER BY 1
