-- FOCUS: every provider's rows in FOCUS columns, one table per source kind and billing period
-- (focus.<kind>_YYYY_MM) and the view focus.costs over all of them (created by the first load).
CREATE SCHEMA focus;

-- The FOCUS conformance of each load: {"status", "pass", "fail", "skip", "mandatoryFailures"}.
ALTER TABLE finops_meta.loads ADD COLUMN validation VARCHAR;

-- Time spent mapping to FOCUS and validating, beside fetch/stage/publish.
ALTER TABLE finops_meta.loads ADD COLUMN normalize_ms BIGINT;
ALTER TABLE finops_meta.loads ADD COLUMN validate_ms BIGINT;
