-- The billing months that have rows in scope, with their rows and currencies.
SELECT strftime(BillingPeriodStart, '%Y-%m') AS period,
       count(*)::INTEGER AS rows,
       string_agg(DISTINCT BillingCurrency, ',' ORDER BY BillingCurrency) AS currencies
FROM focus.costs
WHERE {{scope}}
GROUP BY 1
ORDER BY 1
