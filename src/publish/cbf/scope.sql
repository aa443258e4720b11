-- The rows of focus.costs an export covers: billing months (by BillingPeriodStart, the invoice month),
-- a provider (ServiceProviderName, or ProviderName for data older than FOCUS 1.3) and a currency.
-- A null parameter does not filter. Shared by every query of the export so that the files, the totals
-- they are checked against and the tag keys always describe the same rows.
($period IS NULL OR strftime(BillingPeriodStart, '%Y-%m') = $period)
AND ($start IS NULL OR strftime(BillingPeriodStart, '%Y-%m') >= $start)
AND ($end IS NULL OR strftime(BillingPeriodStart, '%Y-%m') <= $end)
AND ($provider IS NULL OR lower(coalesce(ServiceProviderName, ProviderName)) = lower($provider))
AND ($currency IS NULL OR BillingCurrency = $currency)
