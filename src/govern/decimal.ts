/**
 * Exact decimal text as scaled integers (18 fractional digits, the FOCUS metric scale), for the few
 * comparisons and sums governance makes outside DuckDB. Never parse money into a JS number.
 */
const SCALE = 18;

export function toUnits(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const units = BigInt((whole || '0') + fraction.padEnd(SCALE, '0').slice(0, SCALE));
  return negative ? -units : units;
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(SCALE + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
}

/** Sign of a - b. */
export function compareDecimal(a: string, b: string): number {
  const d = toUnits(a) - toUnits(b);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}
