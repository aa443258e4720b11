-- Alibaba Cloud FOCUS 1.0 (preview) rows to the warehouse's FOCUS rows. The export is FOCUS already, so
-- the delivered columns pass through under their FOCUS names (typed and in UTC by the
-- stage); this file repairs only what is known to be wrong, and leaves every gap Alibaba documents
-- (ChargeDescription, ConsumedQuantity/Unit, ContractedCost/UnitPrice null) as it is, for
-- `finops focus validate` to report.
CREATE TABLE {{target}} AS
WITH source AS (
    SELECT {{delivered}} FROM {{raw}} AS r
),
named AS (
    -- Numeric codes in the provider columns become names: a code listed in alibaba.names ($codes ->
    -- $names) by that name; the ProviderName code (and the same code in the other two columns) by
    -- alibaba.provider_name; another InvoiceIssuerName code by alibaba.invoice_issuer_name when set.
    -- A code with no name is kept (and warned about), never guessed.
    SELECT s.* REPLACE (
        CASE WHEN regexp_full_match(s.ProviderName, '[0-9]+')
             THEN coalesce(map_extract_value(map($codes::VARCHAR[], $names::VARCHAR[]), s.ProviderName), $providerName)
             ELSE s.ProviderName END AS ProviderName,
        CASE WHEN regexp_full_match(s.PublisherName, '[0-9]+')
             THEN coalesce(map_extract_value(map($codes::VARCHAR[], $names::VARCHAR[]), s.PublisherName),
                           CASE WHEN s.PublisherName = s.ProviderName THEN $providerName END, s.PublisherName)
             ELSE s.PublisherName END AS PublisherName,
        CASE WHEN regexp_full_match(s.InvoiceIssuerName, '[0-9]+')
             THEN coalesce(map_extract_value(map($codes::VARCHAR[], $names::VARCHAR[]), s.InvoiceIssuerName),
                           CASE WHEN s.InvoiceIssuerName = s.ProviderName THEN $providerName END,
                           $invoiceIssuerName, s.InvoiceIssuerName)
             ELSE s.InvoiceIssuerName END AS InvoiceIssuerName
    )
    FROM source AS s
),
provided AS (
    -- FOCUS 1.3 columns a 1.0 export lacks: the export is the provider's own, so the provider that
    -- sells and hosts the service is the one named in ProviderName.
    SELECT n.*,
           coalesce(n.ProviderName, $providerName) AS ServiceProviderName,
           coalesce(n.ProviderName, $providerName) AS HostProviderName,
           {{renamed_tags}} AS finops_tags
    FROM named AS n
),
mapped AS (
    -- The billing period is a calendar month in Beijing time (Alibaba bills in UTC+8): its bounds are
    -- kept as that month's label at 00:00 UTC, as every provider's are, so periods group by month
    -- alike; the charge periods stay true UTC instants.
    SELECT p.* EXCLUDE (finops_tags) REPLACE (
        CASE WHEN p.finops_tags IS NULL THEN NULL ELSE {{first_of_each_key}} END AS Tags,
        timezone('UTC', timezone('Asia/Shanghai', p.BillingPeriodStart)) AS BillingPeriodStart,
        timezone('UTC', timezone('Asia/Shanghai', p.BillingPeriodEnd)) AS BillingPeriodEnd
    ),
           'alibaba' AS x_SourceType,
           $sourceName AS x_SourceName,
           $sourceVersion AS x_SourceVersion,
           $loadId::BIGINT AS x_LoadId
    FROM provided AS p
)
SELECT {{projection}} FROM mapped AS m
