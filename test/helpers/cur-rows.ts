/** Hand-written legacy CUR line items for mapping tests: only the columns a test cares about. */
import { csvField } from '../../src/sample/csv-writer.ts';

export type CurLine = Record<string, string>;

const defaults: CurLine = {
  'identity/LineItemId': '',
  'bill/BillType': 'Anniversary',
  'bill/PayerAccountId': '111122223333',
  'bill/BillingPeriodStartDate': '2023-01-01T00:00:00Z',
  'bill/BillingPeriodEndDate': '2023-02-01T00:00:00Z',
  'bill/InvoicingEntity': 'Amazon Web Services, Inc.',
  'bill/BillingEntity': 'AWS',
  'lineItem/UsageAccountId': '111122223333',
  'lineItem/LineItemType': 'Usage',
  'lineItem/UsageStartDate': '2023-01-01T00:00:00Z',
  'lineItem/UsageEndDate': '2023-01-01T01:00:00Z',
  'lineItem/ProductCode': 'AmazonEC2',
  'lineItem/UsageType': 'BoxUsage:m5.large',
  'lineItem/UsageAmount': '1',
  'lineItem/CurrencyCode': 'USD',
  'lineItem/UnblendedRate': '',
  'lineItem/UnblendedCost': '0',
  'pricing/publicOnDemandRate': '',
  'pricing/publicOnDemandCost': '',
  'pricing/unit': 'Hrs',
  'product/sku': 'VMSKU',
  'reservation/ReservationARN': '',
  'reservation/EffectiveCost': '',
  'reservation/TotalReservedUnits': '',
  'reservation/UnusedQuantity': '',
  'reservation/UnusedRecurringFee': '',
  'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod': '',
  'savingsPlan/SavingsPlanARN': '',
  'savingsPlan/SavingsPlanEffectiveCost': '',
  'savingsPlan/TotalCommitmentToDate': '',
  'savingsPlan/UsedCommitment': '',
};

export function curCsv(lines: CurLine[]): string {
  const headers = [...new Set([...Object.keys(defaults), ...lines.flatMap((l) => Object.keys(l))])];
  const rows = lines.map((l, i) =>
    headers
      .map((h) => csvField(h === 'identity/LineItemId' ? (l[h] ?? `line-${i}`) : (l[h] ?? defaults[h])))
      .join(','),
  );
  return `${[headers.join(','), ...rows].join('\n')}\n`;
}
