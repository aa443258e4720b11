-- One billing period of focus.costs (with the governance columns), each row marked with the first rule
-- whose pool it is in (gov_rule; NULL for rows no rule pools). Rules are tried in configuration order.
CREATE OR REPLACE TEMP TABLE gov_base AS
SELECT c.*, {{poolRule}} AS gov_rule
FROM {{costs}} AS c
WHERE strftime(c.BillingPeriodStart, '%Y-%m') = $period
