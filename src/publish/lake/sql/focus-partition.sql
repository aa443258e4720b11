-- One focus_costs partition: a provider's rows of one billing period, with the period's status.
SELECT *, $status AS billing_period_status
FROM focus.costs
WHERE coalesce(ServiceProviderName, ProviderName, 'unknown') = $provider
  AND strftime(BillingPeriodStart, '%Y-%m') = $period
