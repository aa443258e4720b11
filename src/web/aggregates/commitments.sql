-- Rows that name a commitment discount, per day, into finops_meta.daily_commitments: utilization is
-- the Used EffectiveCost over Used + Unused (the FOCUS way: the Unused rows carry the waste).
INSERT INTO finops_meta.daily_commitments
SELECT coalesce(x_SourceType, '(none)') AS source_type,
       coalesce(x_SourceName, '(none)') AS source_name,
       coalesce(strftime(BillingPeriodStart, '%Y-%m'), '(none)') AS billing_period,
       CAST(coalesce(ChargePeriodStart, BillingPeriodStart) AS DATE) AS day,
       coalesce(ServiceProviderName, ProviderName, '(none)') AS provider,
       coalesce(BillingCurrency, '(none)') AS currency,
       CommitmentDiscountId AS commitment_id,
       max(CommitmentDiscountName) AS commitment_name,
       coalesce(CommitmentDiscountType, '(none)') AS commitment_type,
       coalesce(CommitmentDiscountCategory, '(none)') AS commitment_category,
       coalesce(ChargeCategory, '(none)') AS charge_category,
       coalesce(CommitmentDiscountStatus, '(none)') AS status,
       coalesce(ServiceCategory, '(none)') AS service_category,
       coalesce(sum(BilledCost), 0) AS billed_cost,
       coalesce(sum(EffectiveCost), 0) AS effective_cost
FROM focus.costs
WHERE {{scope}} AND CommitmentDiscountId IS NOT NULL
GROUP BY ALL
