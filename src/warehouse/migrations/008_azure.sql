-- Raw Azure Cost Management cost details (ActualCost and AmortizedCost exports, EA and MCA column sets
-- under one set of names), typed: one table per billing month (azure_billing.billing_YYYY_MM) replaced
-- whole per source by each load, and the view azure_billing.billing over all of them (created when the
-- first month lands). FocusCost exports are FOCUS already: they go to focus.azure_YYYY_MM only.
CREATE SCHEMA azure_billing;
