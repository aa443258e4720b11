-- Proportional: each target weighs its own spend in the period (rows no rule pools), per currency, so
-- a pool is only ever split by spend in its own currency. Targets with no positive spend get nothing.
INSERT INTO gov_weights
SELECT $rule AS rule, currency, target, round(total * 1000000)::HUGEINT AS weight, total AS measure
FROM (
    SELECT BillingCurrency AS currency, {{target}} AS target, sum({{cost}}) AS total
    FROM gov_base
    WHERE gov_rule IS NULL
    GROUP BY ALL
)
WHERE target IS NOT NULL AND total > 0
  AND (len(from_json($targets, '["VARCHAR"]')) = 0 OR list_contains(from_json($targets, '["VARCHAR"]'), target))
