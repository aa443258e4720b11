-- The rows read from a unit's local files, each located by the object key its file came from: DuckDB's
-- filename is the cache path (finops_path), the lineage wants the key the provider delivered.
-- $paths, $keys: each file's local path and its object key, in the same order.
SELECT d.* EXCLUDE (finops_path), f.key AS finops_source_file
FROM (
    {{reads}}
) AS d
JOIN (SELECT unnest($paths::VARCHAR[]) AS path, unnest($keys::VARCHAR[]) AS key) AS f
  ON d.finops_path = f.path
