-- One slice of focus.costs (or all of it) summed per tag compliance, owner, account, service and (for
-- non-compliant rows) resource into finops_meta.monthly_tag_compliance. {{costs}} is focus.costs with
-- the governance columns, null where no tag policy was applied.
INSERT INTO finops_meta.monthly_tag_compliance
SELECT coalesce(x_SourceType, '(none)') AS source_type,
       coalesce(x_SourceName, '(none)') AS source_name,
       coalesce(strftime(BillingPeriodStart, '%Y-%m'), '(none)') AS billing_period,
       coalesce(BillingCurrency, '(none)') AS currency,
       coalesce(x_TagCompliance, 'ungoverned') AS compliance,
       coalesce(x_TagViolations, '') AS violations,
       coalesce(x_Owner, '(none)') AS owner,
       coalesce(SubAccountId, '(none)') AS sub_account_id,
       max(SubAccountName) AS sub_account_name,
       coalesce(ServiceName, '(none)') AS service_name,
       coalesce(ServiceCategory, '(none)') AS service_category,
       CASE WHEN x_TagCompliance IN ('missing', 'invalid') THEN coalesce(ResourceId, '(no resource)')
            ELSE '(compliant)' END AS resource_id,
       max(ResourceName) AS resource_name,
       coalesce(sum(BilledCost), 0) AS billed_cost,
       coalesce(sum(EffectiveCost), 0) AS effective_cost,
       count(*) AS row_count
FROM {{costs}}
WHERE {{scope}}
GROUP BY ALL
