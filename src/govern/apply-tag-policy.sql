-- The tag policy over the distinct Tags of one FOCUS table, into the temporary table
-- gov_tag_policy keyed by the Tags text; apply-tag-policy.ts then sets these columns on the table's rows:
--   x_NormalizedTags  the delivered Tags with keys in canonical spelling (aliases, case and separators
--                     folded, the first delivered spelling winning), values normalized, empty values dropped
--   x_TagViolations   'missing:<key>,invalid:<key>': the broken rules, comma-separated ('' when compliant;
--                     text, not a list: updating a list column costs twenty times more)
--   x_TagCompliance   compliant, missing or invalid (missing wins)
--   x_Owner           the owner key's value for compliant rows, the unallocated owner for the others
-- Values are trimmed, case-folded where the key says so, then mapped through the allowed values and
-- value aliases. Tag sets repeat a great deal, so the policy runs once per distinct Tags text.
CREATE OR REPLACE TEMP TABLE gov_tag_policy AS
WITH tag_sets AS (
    SELECT DISTINCT coalesce(CAST(Tags AS VARCHAR), '{}') AS tags_text FROM {{source}}
),
renamed AS (
    SELECT tags_text,
           list_transform(
               -- Tags that are not a JSON object (FOCUS says they must be) count as no tags.
               map_entries(CAST(CASE WHEN json_type(CAST(tags_text AS JSON)) = 'OBJECT' THEN CAST(tags_text AS JSON)
                                     ELSE CAST('{}' AS JSON) END AS MAP(VARCHAR, VARCHAR))),
               lambda e: {'key': coalesce(map_extract_value(map(from_json($keyMatch, '["VARCHAR"]'), from_json($keyCanonical, '["VARCHAR"]')),
                                                            regexp_replace(lower(e.key), '[^a-z0-9]', '', 'g')),
                                          e.key),
                          'value': trim(e.value)}) AS delivered
    FROM tag_sets
),
cased AS (
    SELECT tags_text,
           list_transform(delivered, lambda e: {'key': e.key, 'value': CASE
               WHEN list_contains(from_json($upperKeys, '["VARCHAR"]'), e.key) THEN upper(e.value)
               WHEN list_contains(from_json($lowerKeys, '["VARCHAR"]'), e.key) THEN lower(e.value)
               ELSE e.value END}) AS entries
    FROM renamed
),
normalized AS (
    SELECT tags_text,
           map_from_entries(list_transform(
               list_filter(entries, lambda e, i: e.value IS NOT NULL AND e.value <> ''
                   AND list_position(list_transform(entries, lambda x: x.key), e.key) = i),
               lambda e: {'key': e.key,
                          'value': coalesce(map_extract_value(map(from_json($valueFrom, '["VARCHAR"]'), from_json($valueTo, '["VARCHAR"]')),
                                                              e.key || chr(31) || lower(e.value)),
                                            e.value)})) AS tags
    FROM cased
),
checked AS (
    SELECT tags_text, tags,
           list_filter([{{checks}}], lambda v: v IS NOT NULL)::VARCHAR[] AS violations
    FROM normalized
)
SELECT tags_text,
       CAST(tags AS JSON) AS x_NormalizedTags,
       array_to_string(violations, ',') AS x_TagViolations,
       CASE WHEN list_contains(list_transform(violations, lambda v: split_part(v, ':', 1)), 'missing') THEN 'missing'
            WHEN len(violations) > 0 THEN 'invalid'
            ELSE 'compliant' END AS x_TagCompliance,
       CASE WHEN len(violations) = 0 THEN coalesce(map_extract_value(tags, $ownerKey), $unallocated)
            ELSE $unallocated END AS x_Owner
FROM checked
