-- The step a failed load stopped in (plan, fetch, stage, normalize, publish), so `finops status` says
-- where a load broke as well as why; what the reader recognized the delivery as (e.g. `CUR 2.0
-- Parquet`), the columns that arrived (and which of them this source had not delivered before), and the
-- slice of the period a load replaced (a batch, an export scope), when it replaced a slice.
ALTER TABLE finops_meta.loads ADD COLUMN failed_step VARCHAR;
ALTER TABLE finops_meta.loads ADD COLUMN format VARCHAR;
ALTER TABLE finops_meta.loads ADD COLUMN columns JSON;
ALTER TABLE finops_meta.loads ADD COLUMN new_columns JSON;
ALTER TABLE finops_meta.loads ADD COLUMN part VARCHAR;
