    SELECT billing_period, tag_value AS key, tag_value AS label, {{metric}} AS cost
    FROM finops_meta.daily_tag_costs
    WHERE tag_key = $tagKey AND currency = $currency AND billing_period IN ($period, $previous) AND {{filters}}
