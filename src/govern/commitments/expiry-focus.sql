-- When each commitment ends, where FOCUS rows carry an end date (x_CommitmentDiscountEndDate).
SELECT CommitmentDiscountId AS id, max(TRY_CAST(x_CommitmentDiscountEndDate AS TIMESTAMPTZ)) AS end_time
FROM focus.costs
WHERE CommitmentDiscountId IS NOT NULL AND x_CommitmentDiscountEndDate IS NOT NULL
GROUP BY id
