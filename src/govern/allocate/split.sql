-- Splits every pooled charge of rule $rule across the rule's targets by weight, exactly: each cost
-- column is cut at the currency's precision (units: cents for USD) by largest remainder, and the
-- sub-unit residue goes to the first-ranked target, so the split rows of a charge sum to the charge to
-- the last digit. A charge whose currency has no weighted target keeps its whole cost and goes to the
-- unallocated owner. Each split row names its rule (AllocatedMethodId), how it was computed
-- (AllocatedMethodDetails), its target (AllocatedResourceId/Name, AllocatedTags) and its origin
-- (x_AllocationOrigin: the charge's content hash, see base.sql, and its occurrence among equal rows).
CREATE OR REPLACE TEMP TABLE {{out}} AS
WITH pool AS (
    SELECT * FROM gov_base WHERE gov_rule = $rule
),
charges AS (
    SELECT *,
           gov_hash || '-' || row_number() OVER (PARTITION BY gov_hash) AS gov_origin,
           CASE WHEN BillingCurrency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF',
                                         'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF') THEN 0
                WHEN BillingCurrency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') THEN 3
                ELSE 2 END AS gov_precision
    FROM pool
),
weighted AS (
    SELECT c.*, w.target AS gov_target, w.weight AS gov_weight, w.measure AS gov_measure,
           sum(w.weight) OVER (PARTITION BY c.gov_origin) AS gov_total,
           sum(w.measure) OVER (PARTITION BY c.gov_origin) AS gov_total_measure,
           CASE c.gov_precision WHEN 0 THEN 1 WHEN 3 THEN 1000 ELSE 100 END AS gov_scale,
           CAST(CASE c.gov_precision WHEN 0 THEN 1 WHEN 3 THEN 0.001 ELSE 0.01 END AS DECIMAL(4,3)) AS gov_unit
    FROM charges AS c
    JOIN gov_weights AS w ON w.rule = $rule AND (w.currency IS NULL OR w.currency = c.BillingCurrency)
),
units AS (
    SELECT *, {{units}} FROM weighted
),
shares AS (
    SELECT *, {{shares}} FROM units
),
ranked AS (
    SELECT *, {{ranks}} FROM shares
),
split AS (
    SELECT * EXCLUDE ({{scratch}}) REPLACE (
        {{amounts}},
        $ruleName AS AllocatedMethodId,
        CAST(json_object('rule', $ruleName, 'method', $method, 'target_key', $targetKey, 'target', gov_target,
                         'weight', gov_measure::VARCHAR, 'total_weight', gov_total_measure::VARCHAR,
                         'weight_basis', $basis) AS JSON) AS AllocatedMethodDetails,
        $targetKey || '=' || gov_target AS AllocatedResourceId,
        gov_target AS AllocatedResourceName,
        CAST(json_object($targetKey, gov_target) AS JSON) AS AllocatedTags
    ), gov_origin AS x_AllocationOrigin
    FROM ranked
),
unallocated AS (
    SELECT * EXCLUDE (gov_hash, gov_origin, gov_precision, gov_rule) REPLACE (
        $ruleName AS AllocatedMethodId,
        CAST(json_object('rule', $ruleName, 'method', $method, 'target_key', $targetKey,
                         'target', $unallocated, 'reason', 'no target had a weight in this currency') AS JSON)
            AS AllocatedMethodDetails,
        $targetKey || '=' || $unallocated AS AllocatedResourceId,
        $unallocated AS AllocatedResourceName,
        CAST(json_object($targetKey, $unallocated) AS JSON) AS AllocatedTags
    ), gov_origin AS x_AllocationOrigin
    FROM charges AS c
    WHERE NOT EXISTS (SELECT 1 FROM gov_weights AS w
                      WHERE w.rule = $rule AND (w.currency IS NULL OR w.currency = c.BillingCurrency))
)
SELECT * FROM split
UNION ALL BY NAME
SELECT * FROM unallocated
