-- Coverage in one billing period, per provider, currency and service category: of the usage that
-- commitments could have covered, the share they did, at list prices (ListCost, so a discount does
-- not read as less coverage; EffectiveCost where the data gives no ListCost). Eligible usage is the covered usage plus the on-demand usage
-- (PricingCategory Standard) of the service categories where some usage was covered; spot and other
-- dynamic pricing are left out.
WITH usage AS (
    SELECT coalesce(ServiceProviderName, ProviderName, '(none)') AS provider,
           coalesce(BillingCurrency, '(none)') AS currency,
           coalesce(ServiceCategory, '(none)') AS category,
           coalesce(sum(coalesce(ListCost, EffectiveCost)) FILTER (WHERE CommitmentDiscountStatus = 'Used'), 0) AS covered,
           coalesce(sum(coalesce(ListCost, EffectiveCost)) FILTER (WHERE CommitmentDiscountId IS NULL AND PricingCategory = 'Standard'), 0)
               AS on_demand
    FROM focus.costs
    WHERE strftime(BillingPeriodStart, '%Y-%m') = $period AND ChargeCategory = 'Usage'
    GROUP BY ALL
)
SELECT provider, currency, category,
       covered::VARCHAR AS covered,
       on_demand::VARCHAR AS on_demand,
       (covered / (covered + on_demand))::DOUBLE AS coverage
FROM usage
WHERE covered <> 0
ORDER BY currency, covered + on_demand DESC, provider, category
