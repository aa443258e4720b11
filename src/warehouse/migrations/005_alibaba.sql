-- Raw Alibaba Cloud FOCUS exports, typed as delivered (timestamps in UTC): one table per billing period
-- (alibaba_billing.billing_YYYY_MM) holding every batch loaded so far, each batch replaced on its own, and
-- the view alibaba_billing.billing over all of them (created when the first batch lands).
CREATE SCHEMA alibaba_billing;
