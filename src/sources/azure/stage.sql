-- Raw stage of one month's cost details: every selected run's files read as text (one read per run and
-- header layout, unioned by name), converted to the declared types, each row located by the blob it
-- came from, with the run it belongs to and the row's lineage.
CREATE TABLE {{table}} AS
WITH delivered AS (
    {{reads}}
)
SELECT d.* EXCLUDE (finops_path),
       f.key AS finops_source_file,
       $sourceName AS finops_source_name,
       $loadId::BIGINT AS finops_load_id
FROM delivered AS d
JOIN (SELECT unnest($paths::VARCHAR[]) AS path, unnest($keys::VARCHAR[]) AS key) AS f
  ON d.finops_path = f.path
