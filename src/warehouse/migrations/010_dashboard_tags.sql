-- Tag compliance per billing period for the dashboard's tag compliance page (src/web/): the governance
-- columns of focus.costs (x_TagCompliance, x_TagViolations, x_Owner, from the tag policy) summed per
-- slice, so the page answers from a few thousand rows instead of scanning the period's detail rows.
-- Resources are kept only for non-compliant rows (the page lists the ones to tag first); compliant
-- rows are summed under '(compliant)'. Maintained with the other aggregates (src/web/aggregates/).
CREATE TABLE finops_meta.monthly_tag_compliance (
    source_type       VARCHAR NOT NULL,
    source_name       VARCHAR NOT NULL,
    billing_period    VARCHAR NOT NULL,
    currency          VARCHAR NOT NULL,
    compliance        VARCHAR NOT NULL,     -- compliant, missing, invalid, or ungoverned (no policy applied)
    violations        VARCHAR NOT NULL,     -- 'missing:owner,invalid:environment', '' when none
    owner             VARCHAR NOT NULL,     -- x_Owner: the owner key's value, or the unallocated owner
    sub_account_id    VARCHAR NOT NULL,
    sub_account_name  VARCHAR,
    service_name      VARCHAR NOT NULL,
    service_category  VARCHAR NOT NULL,
    resource_id       VARCHAR NOT NULL,
    resource_name     VARCHAR,
    billed_cost       DECIMAL(38,18) NOT NULL,
    effective_cost    DECIMAL(38,18) NOT NULL,
    row_count         BIGINT NOT NULL
);

-- Slices aggregated before this table existed are rebuilt the next time the dashboard opens the warehouse.
DELETE FROM finops_meta.daily_slices;
