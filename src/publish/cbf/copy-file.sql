-- One data file of a drop: rows (after, last] of cbf_rows in their fixed order, as gzipped UTF-8 CSV
-- with a header line. Blank cells are nulls, which CloudZero reads as "not given".
COPY (
    SELECT * EXCLUDE (cbf_row, cbf_moved, cbf_untagged)
    FROM cbf_rows
    WHERE cbf_row > $after AND cbf_row <= $last
    ORDER BY cbf_row
) TO {{path}} (FORMAT csv, HEADER true, COMPRESSION gzip)
