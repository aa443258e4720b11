-- One slice of focus.costs (or all of it) summed per day and dimension into finops_meta.daily_costs.
-- The scope placeholder is a fixed predicate chosen in refresh.ts: `true`, or the slice with bound parameters.
INSERT INTO finops_meta.daily_costs
SELECT coalesce(x_SourceType, '(none)') AS source_type,
       coalesce(x_SourceName, '(none)') AS source_name,
       coalesce(strftime(BillingPeriodStart, '%Y-%m'), '(none)') AS billing_period,
       CAST(coalesce(ChargePeriodStart, BillingPeriodStart) AS DATE) AS day,
       coalesce(ServiceProviderName, ProviderName, '(none)') AS provider,
       coalesce(BillingCurrency, '(none)') AS currency,
       coalesce(ServiceCategory, '(none)') AS service_category,
       coalesce(ServiceName, '(none)') AS service_name,
       coalesce(SubAccountId, '(none)') AS sub_account_id,
       max(SubAccountName) AS sub_account_name,
       coalesce(RegionId, '(none)') AS region_id,
       coalesce(ChargeCategory, '(none)') AS charge_category,
       coalesce(PricingCategory, '(none)') AS pricing_category,
       coalesce(CommitmentDiscountStatus, '(none)') AS commitment_status,
       coalesce(sum(BilledCost), 0) AS billed_cost,
       coalesce(sum(EffectiveCost), 0) AS effective_cost,
       coalesce(sum(coalesce(ListCost, EffectiveCost)), 0) AS on_demand_cost,
       count(*) AS row_count
FROM focus.costs
WHERE {{scope}}
GROUP BY ALL
-- In day order, so that a date range reads few row groups.
ORDER BY day
