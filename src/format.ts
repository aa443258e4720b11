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
