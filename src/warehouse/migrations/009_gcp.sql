-- Raw Google Cloud billing export rows (the BigQuery standard or detailed export, from BigQuery or from
-- files), flattened and typed (timestamps in UTC, costs as DECIMAL): one table per invoice month
-- (gcp_billing.billing_YYYY_MM) holding every configured export's rows, each export's month replaced
-- whole by its load, and the view gcp_billing.billing over all of them (created when the first month lands).
CREATE SCHEMA gcp_billing;
