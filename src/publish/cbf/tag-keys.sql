-- The tag keys of the month, on rows that have a resource id: CBF accepts resource/tag:<key> values only
-- with a resource/id, so keys seen only on rows without one would give empty columns.
SELECT DISTINCT unnest(json_keys(Tags)) AS key
FROM focus.costs
WHERE {{scope}} AND nullif(ResourceId, '') IS NOT NULL AND Tags IS NOT NULL
