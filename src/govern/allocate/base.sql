-- One billing period of focus.costs (with the governance columns), each row marked with the first rule
-- whose pool it is in (gov_rule; NULL for rows no rule pools). Rules are tried in configuration order.
-- A pooled row's gov_hash is the md5 of the row as focus.costs holds it, so a split row's origin can be
-- found again: SELECT * FROM focus.costs AS c WHERE md5(CAST(c AS VARCHAR)) = '<hash>'.
CREATE OR REPLACE TEMP TABLE gov_base AS
SELECT c.*,
       {{poolRule}} AS gov_rule,
       CASE WHEN ({{poolRule}}) IS NOT NULL THEN md5(CAST(c AS VARCHAR)) END AS gov_hash
FROM {{costs}} AS c
WHERE strftime(c.BillingPeriodStart, '%Y-%m') = $period
