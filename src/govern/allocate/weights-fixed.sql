-- Fixed: the configured percentages (checked to sum to exactly 100 when the policy is read).
INSERT INTO gov_weights
SELECT $rule AS rule, NULL AS currency, target, round(percent * 1000000)::HUGEINT AS weight, percent AS measure
FROM (
    SELECT unnest(from_json($targets, '["VARCHAR"]')) AS target,
           unnest(from_json($percents, '["VARCHAR"]'))::DECIMAL(38,18) AS percent
)
