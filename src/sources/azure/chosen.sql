-- The cost details rows that become FOCUS rows, following Microsoft's conversion: where a scope has
-- amortized data, every AmortizedCost row and, from ActualCost, only the commitment purchases and
-- refunds (which amortized data spreads over the usage they cover); where a scope has only actual
-- (or only amortized) data, every row. The same rows are what the FOCUS side reconciles against.
SELECT *
FROM (
    SELECT r.*,
           bool_or(r.finops_dataset = 'AmortizedCost') OVER (
               -- Exports pair by their scope; an old manifest names none (the scope is `export:<name>`),
               -- and then the billing account in the rows pairs its actual and amortized exports.
               PARTITION BY CASE WHEN r.finops_scope LIKE 'export:%' THEN 'account:' || coalesce(r.BillingAccountId, '')
                                 ELSE r.finops_scope END) AS finops_amortized
    FROM {{raw}} AS r
    WHERE r.finops_source_name = $sourceName
)
WHERE finops_dataset <> 'ActualCost'
   OR NOT finops_amortized
   OR (lower(ChargeType) IN ('purchase', 'refund')
       AND lower(replace(PricingModel, ' ', '')) IN ('reservation', 'savingsplan'))
