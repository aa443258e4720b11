-- Raw stage of one month's cost details: every selected run's files read as text (one read per run and
-- header layout, unioned by name), converted to the declared types, each row located by the blob it
-- came from, with the run it belongs to and the row's lineage.
CREATE TABLE {{table}} AS
WITH located AS (
    {{located}}
)
SELECT l.*,
       $sourceName AS finops_source_name,
       $loadId::BIGINT AS finops_load_id
FROM located AS l
