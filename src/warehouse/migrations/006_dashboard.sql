-- Daily and monthly aggregates of focus.costs for the dashboard (src/web/): the panels read these, never the
-- detail rows, so every panel answers quickly on tens of millions of rows. Each load's slice (source
-- type, source name, billing period) is replaced after it is published (refreshDailyAggregates);
-- daily_slices records which load each slice reflects, so a stale slice can be found and rebuilt.
-- Money is summed exactly (DECIMAL(38,18), the type of focus.costs' metrics), per currency: nothing
-- here ever adds two currencies. Missing dimension values are stored as '(none)'.

CREATE TABLE finops_meta.daily_costs (
    source_type        VARCHAR NOT NULL,
    source_name        VARCHAR NOT NULL,
    billing_period     VARCHAR NOT NULL,            -- YYYY-MM of BillingPeriodStart
    day                DATE NOT NULL,               -- UTC day of ChargePeriodStart
    provider           VARCHAR NOT NULL,            -- ServiceProviderName (ProviderName before 1.3)
    currency           VARCHAR NOT NULL,            -- BillingCurrency
    service_category   VARCHAR NOT NULL,
    service_name       VARCHAR NOT NULL,
    sub_account_id     VARCHAR NOT NULL,
    sub_account_name   VARCHAR,
    region_id          VARCHAR NOT NULL,
    charge_category    VARCHAR NOT NULL,
    pricing_category   VARCHAR NOT NULL,
    commitment_status  VARCHAR NOT NULL,            -- CommitmentDiscountStatus: Used, Unused or '(none)'
    billed_cost        DECIMAL(38,18) NOT NULL,
    effective_cost     DECIMAL(38,18) NOT NULL,
    on_demand_cost     DECIMAL(38,18) NOT NULL,     -- ListCost (EffectiveCost where there is none): for coverage
    row_count          BIGINT NOT NULL
);

-- daily_costs summed per billing period: what the month-level panels (overview, movers, coverage,
-- the filter menus) read, a thirtieth of the rows.
CREATE TABLE finops_meta.monthly_costs (
    source_type        VARCHAR NOT NULL,
    source_name        VARCHAR NOT NULL,
    billing_period     VARCHAR NOT NULL,
    provider           VARCHAR NOT NULL,
    currency           VARCHAR NOT NULL,
    service_category   VARCHAR NOT NULL,
    service_name       VARCHAR NOT NULL,
    sub_account_id     VARCHAR NOT NULL,
    sub_account_name   VARCHAR,
    region_id          VARCHAR NOT NULL,
    charge_category    VARCHAR NOT NULL,
    pricing_category   VARCHAR NOT NULL,
    commitment_status  VARCHAR NOT NULL,
    billed_cost        DECIMAL(38,18) NOT NULL,
    effective_cost     DECIMAL(38,18) NOT NULL,
    on_demand_cost     DECIMAL(38,18) NOT NULL,
    row_count          BIGINT NOT NULL,
    first_day          DATE NOT NULL,
    last_day           DATE NOT NULL
);

-- One row per tag key and value present on the day's rows (a row without the key is not here: untagged
-- cost is the daily_costs total minus the tagged cost).
CREATE TABLE finops_meta.daily_tag_costs (
    source_type     VARCHAR NOT NULL,
    source_name     VARCHAR NOT NULL,
    billing_period  VARCHAR NOT NULL,
    day             DATE NOT NULL,
    provider        VARCHAR NOT NULL,
    currency        VARCHAR NOT NULL,
    service_name    VARCHAR NOT NULL,
    sub_account_id  VARCHAR NOT NULL,
    region_id       VARCHAR NOT NULL,
    tag_key         VARCHAR NOT NULL,
    tag_value       VARCHAR NOT NULL,
    billed_cost     DECIMAL(38,18) NOT NULL,
    effective_cost  DECIMAL(38,18) NOT NULL
);

-- Rows that name a commitment discount (CommitmentDiscountId): its usage (Used), its waste (Unused) and
-- its purchases, per day.
CREATE TABLE finops_meta.daily_commitments (
    source_type          VARCHAR NOT NULL,
    source_name          VARCHAR NOT NULL,
    billing_period       VARCHAR NOT NULL,
    day                  DATE NOT NULL,
    provider             VARCHAR NOT NULL,
    currency             VARCHAR NOT NULL,
    commitment_id        VARCHAR NOT NULL,
    commitment_name      VARCHAR,
    commitment_type      VARCHAR NOT NULL,
    commitment_category  VARCHAR NOT NULL,
    charge_category      VARCHAR NOT NULL,
    status               VARCHAR NOT NULL,
    service_category     VARCHAR NOT NULL,
    billed_cost          DECIMAL(38,18) NOT NULL,
    effective_cost       DECIMAL(38,18) NOT NULL
);

-- Which load each aggregated slice reflects: the newest successful load in the ledger when it was built
-- (or the newest x_LoadId of its rows when the ledger has none).
CREATE TABLE finops_meta.daily_slices (
    source_type     VARCHAR NOT NULL,
    source_name     VARCHAR NOT NULL,
    billing_period  VARCHAR NOT NULL,
    load_id         BIGINT,
    rows            BIGINT NOT NULL,
    refreshed_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_type, source_name, billing_period)
);
