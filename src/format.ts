/** Human-readable sizes and durations for progress lines and summaries. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Exact decimal text without trailing zeros beyond two fractional digits: 20.280226728990000000 -> 20.28022672899. */
export function trimDecimal(value: string): string {
  if (!/^-?\d+\.\d+$/.test(value)) return value;
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

/** Cost totals per currency as one line: `12.50 USD; 3.10 EUR`. */
export function formatCostTotals(totals: Record<string, string>): string {
  return Object.entries(totals)
    .map(([currency, amount]) => `${trimDecimal(amount)} ${currency}`.trim())
    .join('; ');
}

/** A load's FOCUS conformance in a few words: `passed`, or `failed (2 mandatory rules)`. */
export function formatValidation(
  summary: { status: string; mandatoryFailures: number } | undefined,
): string | null {
  if (!summary) return null;
  if (summary.status === 'passed') return 'passed';
  const n = summary.mandatoryFailures;
  return `failed (${n} mandatory rule${n === 1 ? '' : 's'})`;
}

/** Decimal text rounded half away from zero to `digits` fractional digits: 1234.5678 -> 1234.57. */
export function roundDecimal(text: string, digits = 2): string {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const scaled = BigInt(whole + fraction.padEnd(digits, '0').slice(0, digits));
  const roundUp = (fraction[digits] ?? '0') >= '5';
  const value = (scaled + (roundUp ? 1n : 0n)).toString().padStart(digits + 1, '0');
  const rounded = digits === 0 ? value : `${value.slice(0, -digits)}.${value.slice(-digits)}`;
  return sign && /[1-9]/.test(rounded) ? `-${rounded}` : rounded;
}

/** Thousands separators on decimal text: 1234567.89 -> 1,234,567.89. */
export function groupThousands(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

const minorUnits = new Map<string, number>();

/** Fractional digits of a currency's minor unit (ISO 4217, from the runtime's ICU): USD 2, JPY 0, BHD 3. */
export function minorUnit(currency: string | undefined): number {
  if (!currency) return 2;
  let digits = minorUnits.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits as number;
    } catch {
      digits = 2; // not an ISO 4217 code (a credit unit, a typo): cents are the safest guess
    }
    minorUnits.set(currency, digits);
  }
  return digits;
}

/** An exact amount for a person: rounded to the currency's minor unit, grouped, with its code. */
export function formatMoney(amount: string, currency?: string): string {
  const text = groupThousands(roundDecimal(amount, minorUnit(currency)));
  return currency ? `${text} ${currency}` : text;
}
