-- Raw stage of one batch: its files read with declared types (one read per header layout,
-- unioned by name, timestamps already converted to UTC), each row located by the object key it came
-- from, the common tag keys as columns beside the delivered Tags, and the row's lineage.
CREATE TABLE {{table}} AS
WITH located AS (
    {{located}}
)
SELECT l.*,
       {{tag_columns}}
       $sourceName AS finops_source_name,
       $loadId::BIGINT AS finops_load_id,
       $batch AS finops_batch,
       $zone AS finops_timezone
FROM located AS l
