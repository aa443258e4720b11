-- Governance (src/govern/): the allocated view of focus.costs, one table per billing period
-- (govern.allocated_YYYY_MM) under the view govern.allocated_costs, rebuilt whole by `finops allocate`
-- from the data and the rules; and the record of each allocation run, so a reader can tell which rules
-- produced a period's split and check that it kept the period's total.
CREATE SCHEMA govern;
CREATE TABLE govern.allocation_runs (
    billing_period   VARCHAR NOT NULL,
    rules_digest     VARCHAR NOT NULL,      -- md5 of the rules as applied
    rules            JSON NOT NULL,
    currency         VARCHAR NOT NULL,
    billed_before    DECIMAL(38,18) NOT NULL,
    billed_after     DECIMAL(38,18) NOT NULL,
    effective_before DECIMAL(38,18) NOT NULL,
    effective_after  DECIMAL(38,18) NOT NULL,
    split_rows       BIGINT NOT NULL,       -- allocated rows made from pooled charges
    ran_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (billing_period, currency)
);
