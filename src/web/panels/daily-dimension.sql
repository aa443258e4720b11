    SELECT day, {{key}} AS key, {{label}} AS label, {{metric}} AS cost
    FROM finops_meta.daily_costs
    WHERE currency = $currency AND day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND {{filters}}
