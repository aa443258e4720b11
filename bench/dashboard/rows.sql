-- One billing period of synthetic FOCUS rows for the dashboard benchmark, $rows of them, spread over
-- three providers (AWS and Microsoft billing in USD, Google Cloud in EUR). Each row is a line item of
-- one of 1,200 resources per provider (a few busy, most quiet); a resource has one service (of 25),
-- account (of 40), region (two per account) and set of tags (four in five resources are tagged), as
-- real line items do. AWS compute resources run partly under savings plans (used and unused rows).
-- Values are deterministic (hashes of the row number), generated in DuckDB.
SELECT
    CAST($start AS TIMESTAMPTZ) AS BillingPeriodStart,
    CAST($start AS TIMESTAMPTZ) + INTERVAL 1 MONTH AS BillingPeriodEnd,
    CAST($start AS TIMESTAMPTZ) + to_days(CAST(h % $days AS INTEGER)) AS ChargePeriodStart,
    CAST($start AS TIMESTAMPTZ) + to_days(CAST(h % $days AS INTEGER) + 1) AS ChargePeriodEnd,
    ['AWS', 'Microsoft', 'Google Cloud'][p + 1] AS ProviderName,
    ['AWS', 'Microsoft', 'Google Cloud'][p + 1] AS ServiceProviderName,
    ['USD', 'USD', 'EUR'][p + 1] AS BillingCurrency,
    ['aws-cur', 'focus', 'focus'][p + 1] AS x_SourceType,
    ['aws-main', 'azure-ea', 'gcp-billing'][p + 1] AS x_SourceName,
    ['AWS', 'Azure', 'GCP'][p + 1] || ' ' || ['Compute', 'Kubernetes', 'Functions', 'Object Storage', 'Block Storage',
        'SQL Database', 'NoSQL', 'Cache', 'Data Warehouse', 'Streaming', 'Load Balancing', 'CDN', 'DNS',
        'Networking', 'Monitoring', 'Logging', 'Secrets', 'Identity', 'Queues', 'Notifications', 'Search',
        'Machine Learning', 'Backup', 'Support', 'Marketplace'][s + 1] AS ServiceName,
    ['Compute', 'Compute', 'Compute', 'Storage', 'Storage', 'Databases', 'Databases', 'Databases', 'Analytics',
        'Analytics', 'Networking', 'Networking', 'Networking', 'Networking', 'Management and Governance',
        'Management and Governance', 'Security', 'Identity', 'Integration', 'Integration', 'Analytics',
        'AI and Machine Learning', 'Storage', 'Management and Governance', 'Other'][s + 1] AS ServiceCategory,
    format('{}-{:04d}', ['aws', 'azure', 'gcp'][p + 1], a) AS SubAccountId,
    format('Team {} ({})', a, ['AWS', 'Azure', 'GCP'][p + 1]) AS SubAccountName,
    ['region-1', 'region-2', 'region-3', 'region-4', 'region-5', 'region-6', 'region-7', 'region-8'][(a * 3 + r) % 8 + 1]
        AS RegionId,
    charge AS ChargeCategory,
    CASE WHEN charge <> 'Usage' THEN NULL WHEN committed THEN 'Committed' ELSE 'Standard' END AS PricingCategory,
    CASE WHEN committed THEN format('arn:aws:savingsplans::{}:savingsplan/sp-{}', a % 4, a % 4) END
        AS CommitmentDiscountId,
    CASE WHEN committed THEN format('sp-{}', a % 4) END AS CommitmentDiscountName,
    CASE WHEN committed THEN 'Savings Plan' END AS CommitmentDiscountType,
    CASE WHEN committed THEN 'Spend' END AS CommitmentDiscountCategory,
    CASE WHEN committed AND unused THEN 'Unused' WHEN committed THEN 'Used' END AS CommitmentDiscountStatus,
    CAST(CASE WHEN committed THEN 0 ELSE cost END AS DECIMAL(38,18)) AS BilledCost,
    CAST(CASE WHEN committed THEN cost * 0.7 ELSE cost END AS DECIMAL(38,18)) AS EffectiveCost,
    CAST(cost AS DECIMAL(38,18)) AS ListCost,
    CASE WHEN hash(res, 4) % 5 = 0 THEN NULL
         ELSE json_object('environment', ['production', 'staging', 'development', 'sandbox'][(a + s) % 4 + 1],
                          'team', format('team-{}', a % 20), 'cost_center', format('cc-{}', a % 15),
                          'app', format('app-{}', (s * 7 + a) % 30)) END AS Tags,
    CAST($firstLoad + p AS BIGINT) AS x_LoadId,
    'bench-v1' AS x_SourceVersion
FROM (
    SELECT *,
           charge = 'Usage' AND p = 0 AND s < 3 AND res % 10 < 4 AS committed,
           (h >> 52) % 10 = 0 AS unused,
           round(CASE charge WHEN 'Credit' THEN -5 WHEN 'Purchase' THEN 40 ELSE 1 END
                 * (25 - s) / 10.0 * (0.5 + ((h >> 16) % 1000) / 1000.0), 6) AS cost
    FROM (
        SELECT *,
               CAST(floor(25 * pow((hash(res, 1) % 10007) / 10007.0, 2)) AS INTEGER) AS s,
               CAST(floor(40 * pow((hash(res, 2) % 10007) / 10007.0, 1.5)) AS INTEGER) AS a,
               CAST(hash(res, 3) % 2 AS INTEGER) AS r,
               CASE WHEN (h >> 56) % 1000 < 985 THEN 'Usage' WHEN (h >> 56) % 1000 < 992 THEN 'Tax'
                    WHEN (h >> 56) % 1000 < 996 THEN 'Credit' WHEN (h >> 56) % 1000 < 999 THEN 'Purchase'
                    ELSE 'Adjustment' END AS charge
        FROM (
            SELECT *, p * 10000 + CAST(floor(1200 * pow(((h >> 4) % 10007) / 10007.0, 2)) AS INTEGER) AS res
            FROM (SELECT i, CAST(i % 3 AS INTEGER) AS p, hash(i, $seed) AS h FROM range($rows) AS t(i))
        )
    )
)
