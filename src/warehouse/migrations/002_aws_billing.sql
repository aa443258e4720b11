-- Raw AWS CUR data: one table per billing period (aws_billing.billing_YYYY_MM), replaced whole by each
-- load, and the view aws_billing.billing over all of them (created when the first period lands).
CREATE SCHEMA aws_billing;

-- Which delivered column became which normalized column or map entry, per source and period: the
-- original header text (e.g. "resourceTags/user:Cost Center") is never lost.
CREATE TABLE aws_billing.column_lineage (
    source_name       VARCHAR NOT NULL,
    billing_period    VARCHAR NOT NULL,
    delivered_column  VARCHAR NOT NULL,
    column_name       VARCHAR NOT NULL,
    map_key           VARCHAR
);
