    SELECT billing_period, {{key}} AS key, {{label}} AS label, {{metric}} AS cost
    FROM finops_meta.monthly_costs
    WHERE currency = $currency AND billing_period IN ($period, $previous) AND {{filters}}
