/**
 * The FOCUS features a load declares (the requirements model's applicability criteria), so the
 * validator checks every conditional rule that applies and skips those about features the data does not
 * have. The hyperscalers share this list: accounts with names, zones, regions, resources, tags, unit
 * prices, usage and commitment discounts; not pricing in another currency than billing, virtual
 * currencies or several account types. Capacity reservations and negotiated price lists are not mapped
 * from CUR yet, so their rules are not claimed. `finops focus validate --applicability` overrides it.
 */
export const cloudApplicability = [
  'ACCOUNT_NAMING_SUPPORTED',
  'AVAILABILITY_ZONE_SUPPORTED',
  'BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED',
  'COMMITMENT_DISCOUNT_SUPPORTED',
  'MULTIPLE_PRICING_CATEGORIES_SUPPORTED',
  'PUBLIC_PRICE_LIST_SUPPORTED',
  'REGION_SUPPORTED',
  'RESOURCE_TYPE_ASSIGNMENT_SUPPORTED',
  'SUB_ACCOUNT_SUPPORTED',
  'TAGGING_SUPPORTED',
  'UNIT_PRICING_SUPPORTED',
  'USAGE_MEASUREMENT_SUPPORTED',
];
