-- When each AWS commitment ends, where the CUR says so (reservation/EndTime, savingsPlan/EndTime).
SELECT id, max(end_time) AS end_time FROM (
    SELECT nullif(reservation_reservation_a_r_n, '') AS id, TRY_CAST(reservation_end_time AS TIMESTAMPTZ) AS end_time
    FROM aws_billing.billing
    UNION ALL
    SELECT nullif(savings_plan_savings_plan_a_r_n, ''), TRY_CAST(savings_plan_end_time AS TIMESTAMPTZ)
    FROM aws_billing.billing
)
WHERE id IS NOT NULL AND end_time IS NOT NULL
GROUP BY id
