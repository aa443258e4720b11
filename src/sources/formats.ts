/**
 * What a billing file is, from its header alone: every reader asks before it reads, so a file of
 * another kind is refused with one message that names what it looks like and the command that reads it
 * ("this is not a FOCUS file: it looks like an OCI cost report"), instead of a column it lacks.
 */
import { inputError } from '../errors.ts';

export interface KnownFormat {
  /** What the file is, for messages: `an OCI cost report`. */
  name: string;
  /** The command that reads it, when finops reads it. */
  command?: string;
  /** What to do instead, when finops does not read it. */
  instead?: string;
}

interface Signature extends KnownFormat {
  /** Every one of these headers (any case) is present. */
  all: string[];
}

const signatures: Signature[] = [
  {
    name: 'an OCI cost report (the legacy lineItem/referenceNo, cost/myCost CSV)',
    all: ['lineItem/referenceNo', 'cost/myCost'],
    instead:
      'import OCI FOCUS reports instead (finops focus import); OCI writes them beside the cost reports',
  },
  {
    name: 'an OCI usage report (the legacy lineItem/referenceNo, usage/consumedQuantity CSV)',
    all: ['lineItem/referenceNo', 'usage/consumedQuantity'],
    instead: 'usage reports hold no cost; import OCI FOCUS reports instead (finops focus import)',
  },
  {
    name: 'a CloudZero Common Bill Format file',
    all: ['lineitem/type', 'cost/cost'],
    instead: 'this is what finops export cbf writes, not a provider billing export',
  },
  {
    name: 'an AWS Cost and Usage Report (legacy CUR)',
    all: ['lineItem/UnblendedCost'],
    command: 'finops aws import-cur',
  },
  {
    name: 'an AWS CUR 2.0 export',
    all: ['line_item_unblended_cost', 'bill_billing_period_start_date'],
    command: 'finops aws import-cur',
  },
  { name: 'a FOCUS file', all: ['BilledCost', 'ChargePeriodStart'], command: 'finops focus import' },
  {
    name: 'an Azure cost details export',
    all: ['MeterCategory', 'CostInBillingCurrency'],
    command: 'finops azure import',
  },
  { name: 'an Azure usage export', all: ['MeterCategory', 'PreTaxCost'], command: 'finops azure import' },
  {
    name: 'a Google Cloud billing export',
    all: ['billing_account_id', 'usage_start_time'],
    command: 'finops gcp import',
  },
  {
    name: 'a Google Cloud billing file export (the console CSV retired in 2019)',
    all: ['Account ID', 'Line Item'],
    instead: 'export billing to BigQuery and read the table (finops gcp import --table)',
  },
];

export function recognize(headers: readonly string[]): KnownFormat | undefined {
  const have = new Set(
    headers.map((h) =>
      h
        .trim()
        .replace(/^\uFEFF/, '')
        .toLowerCase(),
    ),
  );
  return signatures.find((s) => s.all.every((h) => have.has(h.toLowerCase())));
}

/** What a reader reads: its format's name and the command that runs it. */
export interface Reader {
  name: string;
  command: string;
}

/**
 * The refusal of a file that `reader` cannot read: names what it looks like (when it looks like another
 * known format) and what reads that. `missing` says what it lacks when it looks like nothing else.
 */
export function notThisFormat(reader: Reader, headers: readonly string[], file: string, missing: string) {
  const seen = recognize(headers);
  const expected = reader.name;
  if (!seen || seen.command === reader.command) {
    return inputError(`this is not ${expected}: ${missing}`, { file, line: 1 });
  }
  const columns = headers.slice(0, 3).join(', ');
  return inputError(`this is not ${expected}: it looks like ${seen.name} (columns ${columns}, ...)`, {
    file,
    line: 1,
    hint: seen.command ? `read it with ${seen.command}` : seen.instead,
  });
}
