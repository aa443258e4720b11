    -- Each value of the tag key, and "(untagged)": the day's cost less what carries the key.
    SELECT day, tag_value AS key, tag_value AS label, {{metric}} AS cost
    FROM finops_meta.daily_tag_costs
    WHERE tag_key = $tagKey AND currency = $currency AND day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
      AND {{filters}}
    UNION ALL
    SELECT day, '(untagged)', '(untagged)', {{metric}}
    FROM finops_meta.daily_costs
    WHERE currency = $currency AND day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND {{filters}}
    UNION ALL
    SELECT day, '(untagged)', '(untagged)', -{{metric}}
    FROM finops_meta.daily_tag_costs
    WHERE tag_key = $tagKey AND currency = $currency AND day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
      AND {{filters}}
