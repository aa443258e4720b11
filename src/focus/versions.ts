/**
 * What changed between FOCUS versions, for reading older data: columns renamed, values renamed, and
 * how to detect a file's version from its header. Pre-1.0 names (0.5, 1.0-preview, and the names the
 * focus_converters tool still writes) are upgraded too.
 */
import { columnsOf, type FocusVersion, focusVersions } from './columns.ts';

/** Old column name -> current name. */
export const columnRenames: Record<string, string> = {
  AmortizedCost: 'EffectiveCost',
  ChargeType: 'ChargeCategory',
  UsageQuantity: 'ConsumedQuantity',
  UsageUnit: 'ConsumedUnit',
  Region: 'RegionId',
  Provider: 'ProviderName',
  Publisher: 'PublisherName',
  InvoiceIssuer: 'InvoiceIssuerName',
};

/** Old values of enumerated columns -> current values. */
export const valueRenames: Record<string, Record<string, string>> = {
  PricingCategory: { 'On-Demand': 'Standard', 'Commitment-Based': 'Committed' },
};

/**
 * The newest version whose columns introduced in that version appear in the header; FOCUS files carry
 * no version field, so the columns are the evidence.
 */
export function detectVersion(headers: readonly string[]): FocusVersion {
  const have = new Set(headers);
  let detected: FocusVersion = '1.0';
  for (const version of focusVersions) {
    const added = columnsOf(version).filter((c) => c.introduced === version);
    if (version === '1.0' || added.some((c) => have.has(c.name))) detected = version;
  }
  return detected;
}
