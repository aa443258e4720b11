-- Usage: each target weighs the ConsumedQuantity of the rule's usage rows it carries (vCPU-hours, GB of
-- egress of chosen SKUs). A quantity has no currency, so the weights serve pools of any currency.
INSERT INTO gov_weights
SELECT $rule AS rule, NULL AS currency, target, round(total * 1000000)::HUGEINT AS weight, total AS measure
FROM (
    SELECT {{target}} AS target, sum(ConsumedQuantity) AS total
    FROM gov_base
    WHERE {{usage}}
    GROUP BY ALL
)
WHERE target IS NOT NULL AND total > 0
  AND (len(from_json($targets, '["VARCHAR"]')) = 0 OR list_contains(from_json($targets, '["VARCHAR"]'), target))
