/**
 * Exact arithmetic on decimal text, for the few sums made outside DuckDB (ledger totals across files).
 * Never parse money into a JS number.
 */
/** Exact sum of two decimal strings (no floating point). */
export function addDecimal(a: string, b: string): string {
  const scale = Math.max(fractionDigits(a), fractionDigits(b));
  const sum = toScaled(a, scale) + toScaled(b, scale);
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

const fractionDigits = (s: string) => (s.includes('.') ? (s.split('.')[1] as string).length : 0);

function toScaled(s: string, scale: number): bigint {
  const negative = s.startsWith('-');
  const [whole = '0', fraction = ''] = s.replace(/^[-+]/, '').split('.');
  const value = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -value : value;
}
