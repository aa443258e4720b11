-- Commitments seen in focus.costs that end within $days days of $asOf, by the end dates the data gives.
WITH ends AS ({{ends}}),
known AS (
    SELECT CommitmentDiscountId AS id,
           max(CommitmentDiscountName) AS name,
           max(CommitmentDiscountType) AS type,
           max(coalesce(ServiceProviderName, ProviderName)) AS provider
    FROM focus.costs WHERE CommitmentDiscountId IS NOT NULL GROUP BY ALL
)
SELECT k.provider, k.id, k.name, k.type,
       strftime(max(e.end_time), '%Y-%m-%dT%H:%M:%SZ') AS ends,
       date_diff('day', CAST($asOf AS DATE), CAST(max(e.end_time) AS DATE))::INTEGER AS days_left
FROM known AS k JOIN ends AS e USING (id)
GROUP BY ALL
HAVING max(e.end_time) >= CAST($asOf AS TIMESTAMPTZ)
   AND max(e.end_time) < CAST($asOf AS TIMESTAMPTZ) + to_days($days::INTEGER)
ORDER BY ends, id
