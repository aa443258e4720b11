-- The step a failed load stopped in (plan, fetch, stage, normalize, publish), so `finops status` says
-- where a load broke as well as why.
ALTER TABLE finops_meta.loads ADD COLUMN failed_step VARCHAR;
