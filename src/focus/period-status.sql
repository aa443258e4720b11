-- Whether each provider has finalized each billing period, from what focus.costs holds:
--   aws:     final when every row carries the invoice id (CUR fills bill_invoice_id once AWS has
--            issued the month's invoice; until then the CUR of the month is still rewritten);
--   azure:   final when every row carries the invoice id (cost details get it when the invoice closes);
--   gcp:     final when the invoice month ended more than $gcp_late_days days before $as_of (Google
--            keeps adding late usage and corrections to a month for some days; a heuristic);
--   invoice: any other provider: final when every row carries an invoice id (a heuristic).
WITH periods AS (
    SELECT coalesce(ServiceProviderName, ProviderName, 'unknown') AS provider,
           strftime(BillingPeriodStart, '%Y-%m') AS billing_period,
           count(*) AS rows,
           count(*) FILTER (WHERE nullif(trim(InvoiceId), '') IS NOT NULL) AS invoiced_rows,
           string_agg(DISTINCT x_SourceType, ',' ORDER BY x_SourceType) AS source_types
    FROM focus.costs
    WHERE BillingPeriodStart IS NOT NULL
    GROUP BY ALL
),
ruled AS (
    SELECT *,
           CASE WHEN provider = 'AWS' OR lower(provider) LIKE 'amazon%' THEN 'aws'
                WHEN lower(provider) LIKE 'microsoft%' OR lower(provider) LIKE 'azure%' THEN 'azure'
                WHEN lower(provider) LIKE 'google%' THEN 'gcp'
                ELSE 'invoice' END AS rule,
           CAST(strptime(billing_period, '%Y-%m') AS DATE) + INTERVAL 1 MONTH AS period_end
    FROM periods
),
decided AS (
    SELECT *,
           CASE WHEN rule = 'gcp' THEN CAST($as_of AS DATE) >= period_end + to_days(CAST($gcp_late_days AS INTEGER))
                ELSE invoiced_rows = rows END AS final
    FROM ruled
)
SELECT provider, billing_period,
       CASE WHEN final THEN 'final' ELSE 'open' END AS status,
       rule,
       CASE WHEN rule = 'gcp' AND final
                THEN 'the invoice month ended more than ' || $gcp_late_days || ' days ago (late-days window)'
            WHEN rule = 'gcp'
                THEN 'within ' || $gcp_late_days || ' days after the invoice month: late usage may still arrive'
            WHEN final THEN 'every row carries an invoice id: the invoice is issued'
            ELSE (rows - invoiced_rows) || ' of ' || rows || ' rows without an invoice id: the provider still updates the period'
       END AS reason,
       rows::BIGINT AS rows,
       invoiced_rows::BIGINT AS invoiced_rows,
       source_types
FROM decided
ORDER BY provider, billing_period
