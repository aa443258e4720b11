-- Azure cost details (ActualCost + AmortizedCost, EA and MCA) to FOCUS, after Microsoft's published
-- conversion (FinOps toolkit, focus/convert.md). The source is chosen.sql's rows with every column this
-- file reads (missing ones as typed NULLs). Lookups are Microsoft's open data, copied beside this file:
-- regions.csv (ResourceLocation -> RegionId/RegionName), services.csv ((ConsumedService, resource type)
-- -> service name and category), pricing-units.csv (UnitOfMeasure -> block size and unit).
WITH source AS (
    SELECT * FROM {{source}}
),
regions AS (
    SELECT lower(OriginalValue) AS original, min(RegionId) AS region_id, min(RegionName) AS region_name
    FROM read_csv($regions, header = true, auto_detect = false,
                  columns = {'OriginalValue': 'VARCHAR', 'RegionId': 'VARCHAR', 'RegionName': 'VARCHAR'})
    GROUP BY ALL
),
services AS (
    SELECT lower(ConsumedService) AS consumed, lower(ResourceType) AS resource_type,
           min(ServiceName) AS service_name, min(ServiceCategory) AS category,
           min(ServiceSubcategory) AS subcategory
    FROM read_csv($services, header = true, auto_detect = false,
                  columns = {'ConsumedService': 'VARCHAR', 'ResourceType': 'VARCHAR', 'ServiceName': 'VARCHAR',
                             'ServiceCategory': 'VARCHAR', 'ServiceSubcategory': 'VARCHAR', 'PublisherName': 'VARCHAR',
                             'PublisherType': 'VARCHAR', 'Environment': 'VARCHAR', 'ServiceModel': 'VARCHAR'})
    GROUP BY ALL
),
services_by_consumed AS (
    -- When the resource type is unknown, the service the consumed service most often stands for (ties
    -- by name, so the choice never changes between loads).
    SELECT consumed, service_name, category, subcategory
    FROM (SELECT consumed, service_name, category, subcategory,
                 row_number() OVER (PARTITION BY consumed ORDER BY count(*) DESC, service_name, category, subcategory) AS n
          FROM services GROUP BY consumed, service_name, category, subcategory)
    WHERE n = 1
),
units AS (
    SELECT UnitOfMeasure AS uom, min(PricingBlockSize) AS block, min(DistinctUnits) AS unit
    FROM read_csv($units, header = true, auto_detect = false,
                  columns = {'UnitOfMeasure': 'VARCHAR', 'AccountTypes': 'VARCHAR', 'PricingBlockSize': 'DECIMAL(38,0)',
                             'DistinctUnits': 'VARCHAR'})
    GROUP BY ALL
),
classified AS (
    SELECT s.*,
           lower(coalesce(s.ChargeType, '')) AS charge_type,
           -- Some exports leave PricingModel empty on rows a reservation or savings plan covers: the
           -- commitment they name says which it is, so Status and PricingCategory follow it too.
           coalesce(nullif(lower(replace(coalesce(s.PricingModel, ''), ' ', '')), ''),
                    CASE WHEN lower(s.BenefitId) LIKE '%/microsoft.billingbenefits/%' THEN 'savingsplan'
                         WHEN nullif(s.ReservationId, '') IS NOT NULL
                              OR lower(s.BenefitId) LIKE '%/microsoft.capacity/%' THEN 'reservation' END,
                    '') AS pricing_model,
           pricing_model IN ('reservation', 'savingsplan') AS is_commitment,
           -- MCA billing account ids are `<guid>:<guid>_<date>`; EA enrollment numbers are digits.
           coalesce(s.BillingAccountId LIKE '%:%', false) AS is_mca,
           lower(regexp_extract(s.ResourceId, '/providers/([^/]+/[^/]+)', 1)) AS resource_type,
           CASE WHEN nullif(trim(s.Tags), '') IS NULL THEN NULL
                WHEN trim(s.Tags) LIKE '{%' THEN try_cast(trim(s.Tags) AS JSON)
                ELSE try_cast('{' || trim(s.Tags) || '}' AS JSON) END AS tags_json,
           CASE WHEN json_valid(s.AdditionalInfo) AND json_type(s.AdditionalInfo::JSON) = 'OBJECT'
                THEN s.AdditionalInfo::JSON END AS info_json,
           coalesce(lower(nullif(s.BenefitId, '')),
                    CASE WHEN nullif(s.ReservationId, '') IS NOT NULL
                         THEN lower('/providers/microsoft.capacity/reservationorders/' || coalesce(s.ProductOrderId, '')
                                    || '/reservations/' || s.ReservationId) END) AS commitment_id,
           coalesce(nullif(s.ProductId, ''), nullif(s.PartNumber, ''), nullif(s.MeterId, '')) AS sku_id
    FROM source AS s
),
mapped AS (
    SELECT
        -- Money: the commitment purchase is billed, the usage it covers is not; the purchase is spread
        -- over that usage as effective cost, so the purchase itself has none (when amortized data exists).
        CASE WHEN c.is_commitment AND c.charge_type NOT IN ('purchase', 'refund') THEN 0
             ELSE c.CostInBillingCurrency END AS BilledCost,
        CASE WHEN c.is_commitment AND c.charge_type IN ('purchase', 'refund') AND c.finops_amortized THEN 0
             ELSE c.CostInBillingCurrency END AS EffectiveCost,
        CASE WHEN c.is_mca THEN c.BillingProfileId ELSE c.BillingAccountId END AS BillingAccountId,
        CASE WHEN c.is_mca THEN c.BillingProfileName ELSE c.BillingAccountName END AS BillingAccountName,
        CASE WHEN c.is_mca THEN 'Billing Profile' ELSE 'Billing Account' END AS BillingAccountType,
        c.BillingCurrencyCode AS BillingCurrency,
        coalesce(c.BillingPeriodStartDate, date_trunc('month', c.Date))::TIMESTAMPTZ AS BillingPeriodStart,
        (coalesce(c.BillingPeriodEndDate, last_day(c.Date)) + 1)::TIMESTAMPTZ AS BillingPeriodEnd,
        c.Date::TIMESTAMPTZ AS ChargePeriodStart,
        (c.Date + 1)::TIMESTAMPTZ AS ChargePeriodEnd,
        CASE c.charge_type
            WHEN 'usage' THEN 'Usage' WHEN 'unusedreservation' THEN 'Usage' WHEN 'unusedsavingsplan' THEN 'Usage'
            WHEN 'purchase' THEN 'Purchase' WHEN 'refund' THEN 'Purchase'
            WHEN 'credit' THEN 'Credit' WHEN 'tax' THEN 'Tax'
            ELSE 'Adjustment' END AS ChargeCategory,
        CASE WHEN c.charge_type = 'refund' THEN 'Correction' END AS ChargeClass,
        c.ProductName AS ChargeDescription,
        CASE lower(c.Frequency)
            WHEN 'onetime' THEN 'One-Time' WHEN 'recurring' THEN 'Recurring' WHEN 'usagebased' THEN 'Usage-Based'
            ELSE CASE WHEN c.charge_type = 'purchase' THEN 'One-Time' ELSE 'Usage-Based' END END AS ChargeFrequency,
        CASE WHEN c.charge_type IN ('unusedreservation', 'unusedsavingsplan') THEN 'Unused'
             WHEN c.is_commitment AND c.charge_type = 'usage' THEN 'Used' END AS CommitmentDiscountStatus,
        c.commitment_id AS CommitmentDiscountId,
        CASE WHEN c.commitment_id IS NOT NULL THEN coalesce(nullif(c.BenefitName, ''), c.ReservationName) END
            AS CommitmentDiscountName,
        CASE WHEN c.commitment_id LIKE '%/microsoft.capacity/%' THEN 'Usage'
             WHEN c.commitment_id LIKE '%/microsoft.billingbenefits/%' THEN 'Spend'
             WHEN c.commitment_id IS NOT NULL AND c.pricing_model = 'reservation' THEN 'Usage'
             WHEN c.commitment_id IS NOT NULL AND c.pricing_model = 'savingsplan' THEN 'Spend' END
            AS CommitmentDiscountCategory,
        CASE WHEN c.commitment_id LIKE '%/microsoft.capacity/%' THEN 'Reservation'
             WHEN c.commitment_id LIKE '%/microsoft.billingbenefits/%' THEN 'Savings Plan'
             WHEN c.commitment_id IS NOT NULL AND c.pricing_model = 'reservation' THEN 'Reservation'
             WHEN c.commitment_id IS NOT NULL AND c.pricing_model = 'savingsplan' THEN 'Savings Plan' END
            AS CommitmentDiscountType,
        -- How much of the commitment a row uses: money for savings plans (in the pricing currency),
        -- normalized units for reservations (instance size flexibility's ratio, when delivered).
        CASE WHEN c.commitment_id IS NULL THEN NULL
             WHEN c.commitment_id LIKE '%/microsoft.billingbenefits/%' OR c.pricing_model = 'savingsplan'
             THEN c.CostInBillingCurrency / coalesce(nullif(c.ExchangeRatePricingToBilling, 0), 1)
             ELSE exact_product(c.Quantity, coalesce(try_cast(c.info_json ->> 'RINormalizationRatio' AS DECIMAL(38,18)), 1)) END
            AS CommitmentDiscountQuantity,
        CASE WHEN c.commitment_id IS NULL THEN NULL
             WHEN c.commitment_id LIKE '%/microsoft.billingbenefits/%' OR c.pricing_model = 'savingsplan'
             THEN coalesce(nullif(c.PricingCurrency, ''), c.BillingCurrencyCode)
             ELSE coalesce(u.unit, c.UnitOfMeasure) END AS CommitmentDiscountUnit,
        -- Quantities: Azure's Quantity counts pricing blocks (a "10K" unit prices 10,000 operations).
        CASE WHEN c.charge_type = 'usage' THEN exact_product(c.Quantity, coalesce(u.block, 1)) END AS ConsumedQuantity,
        CASE WHEN c.charge_type = 'usage' THEN coalesce(u.unit, c.UnitOfMeasure) END AS ConsumedUnit,
        c.Quantity AS PricingQuantity,
        CASE WHEN coalesce(u.block, 1) = 1 THEN coalesce(u.unit, c.UnitOfMeasure)
             ELSE u.block::VARCHAR || ' ' || u.unit END AS PricingUnit,
        c.UnitPrice AS ContractedUnitPrice,
        exact_product(c.UnitPrice, c.Quantity) AS ContractedCost,
        CASE WHEN c.is_mca THEN exact_product(c.PayGPrice, coalesce(c.ExchangeRatePricingToBilling, 1)) ELSE c.PayGPrice END
            AS ListUnitPrice,
        coalesce(c.PaygCostInBillingCurrency,
                 exact_product(CASE WHEN c.is_mca THEN exact_product(c.PayGPrice, coalesce(c.ExchangeRatePricingToBilling, 1))
                                    ELSE c.PayGPrice END,
                               c.Quantity)) AS ListCost,
        c.InvoiceId AS InvoiceId,
        coalesce(nullif(c.PartnerName, ''), 'Microsoft') AS InvoiceIssuerName,
        CASE c.pricing_model WHEN 'ondemand' THEN 'Standard' WHEN 'spot' THEN 'Dynamic'
             WHEN 'reservation' THEN 'Committed' WHEN 'savingsplan' THEN 'Committed' END AS PricingCategory,
        coalesce(nullif(c.PricingCurrency, ''), c.BillingCurrencyCode) AS PricingCurrency,
        'Microsoft' AS ProviderName,
        'Microsoft' AS ServiceProviderName,
        'Microsoft' AS HostProviderName,
        coalesce(nullif(c.PublisherName, ''), 'Microsoft') AS PublisherName,
        coalesce(r.region_id, lower(replace(c.ResourceLocation, ' ', ''))) AS RegionId,
        coalesce(r.region_name, c.ResourceLocation) AS RegionName,
        nullif(lower(c.ResourceId), '') AS ResourceId,
        coalesce(nullif(c.ResourceName, ''), nullif(regexp_extract(c.ResourceId, '([^/]+)/?$', 1), '')) AS ResourceName,
        c.resource_type AS ResourceType,
        coalesce(sv.category, sc.category, 'Other') AS ServiceCategory,
        coalesce(sv.service_name, sc.service_name, c.MeterCategory, c.ConsumedService) AS ServiceName,
        coalesce(sv.subcategory, sc.subcategory, 'Other (' || coalesce(sv.category, sc.category, 'Other') || ')')
            AS ServiceSubcategory,
        -- EA has no ProductId: its part number (or the meter) names the SKU; the price is per SKU and meter.
        c.sku_id AS SkuId,
        c.MeterName AS SkuMeter,
        CASE WHEN c.sku_id IS NOT NULL THEN concat_ws('_', c.sku_id, nullif(c.MeterId, '')) END AS SkuPriceId,
        CASE WHEN c.info_json IS NOT NULL THEN to_json(map_from_entries(list_transform(json_keys(c.info_json),
             k -> struct_pack(k := 'x_' || k, v := c.info_json -> k)))) END AS SkuPriceDetails,
        c.info_json ->> 'VMCapacityReservationId' AS CapacityReservationId,
        CASE WHEN nullif(c.info_json ->> 'VMCapacityReservationId', '') IS NULL THEN NULL
             WHEN c.resource_type = 'microsoft.compute/capacityreservationgroups' AND c.ResourceId ILIKE '%/capacityreservations/%'
             THEN 'Unused' ELSE 'Used' END AS CapacityReservationStatus,
        nullif(lower(c.SubscriptionId), '') AS SubAccountId,
        c.SubscriptionName AS SubAccountName,
        CASE WHEN nullif(c.SubscriptionId, '') IS NOT NULL THEN 'Subscription' END AS SubAccountType,
        c.tags_json AS Tags,
        nullif(c.AvailabilityZone, '') AS AvailabilityZone,
        c.CostInBillingCurrency AS x_CostInBillingCurrency,
        c.ChargeType AS x_ChargeType,
        c.PricingModel AS x_PricingModel,
        c.finops_dataset AS x_Dataset,
        c.finops_run_id AS x_ExportRunId,
        c.finops_scope AS x_ExportScope,
        lower(c.ResourceGroup) AS x_ResourceGroupName,
        c.resource_type AS x_ResourceType,
        coalesce(u.block, 1)::DECIMAL(38,0) AS x_PricingBlockSize,
        c.UnitOfMeasure AS x_PricingUnitDescription,
        c.BillingProfileId AS x_BillingProfileId,
        c.BillingProfileName AS x_BillingProfileName,
        c.InvoiceSectionId AS x_InvoiceSectionId,
        c.InvoiceSectionName AS x_InvoiceSectionName,
        c.CostCenter AS x_CostCenter,
        c.MeterCategory AS x_SkuMeterCategory,
        c.MeterSubCategory AS x_SkuMeterSubcategory,
        c.MeterId AS x_SkuMeterId,
        c.PartNumber AS x_SkuPartNumber,
        c.finops_source_file AS x_SourceFile,
        'azure' AS x_SourceType,
        $sourceName AS x_SourceName,
        $sourceVersion AS x_SourceVersion,
        $loadId::BIGINT AS x_LoadId
    FROM classified AS c
    LEFT JOIN regions AS r ON r.original = lower(c.ResourceLocation)
    LEFT JOIN services AS sv ON sv.consumed = lower(c.ConsumedService) AND sv.resource_type = c.resource_type
    LEFT JOIN services_by_consumed AS sc ON sc.consumed = lower(c.ConsumedService)
    LEFT JOIN units AS u ON u.uom = c.UnitOfMeasure
)
SELECT * FROM mapped
