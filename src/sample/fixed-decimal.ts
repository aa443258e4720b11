/**
 * Exact decimals for generated billing data: values are bigints in units of 10^-10, the precision CUR
 * uses, so every printed cost and every expected total is exact.
 */
export const SCALE = 10;
const ONE = 10n ** BigInt(SCALE);

/** Parses `1.25` into scaled units. */
export function dec(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const value = BigInt(whole) * ONE + BigInt(fraction.padEnd(SCALE, '0').slice(0, SCALE) || '0');
  return negative ? -value : value;
}

/** `a * b` for two scaled values, rounded half away from zero to the scale. */
export function mul(a: bigint, b: bigint): bigint {
  const product = a * b;
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs + ONE / 2n) / ONE;
  return negative ? -rounded : rounded;
}

/** Fixed notation with all 10 fractional digits, as CUR prints most values: `0.0960000000`. */
export function fixed(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
}

/** Scientific notation for tiny values, as CUR also prints them: `6.48E-8`. Exact. */
export function scientific(value: bigint): string {
  if (value === 0n) return '0.0';
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().replace(/0+$/, '');
  const trailingZeros = (negative ? -value : value).toString().length - digits.length;
  const exponent = digits.length - 1 + trailingZeros - SCALE;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : `${digits}.0`;
  return `${negative ? '-' : ''}${mantissa}E${exponent}`;
}

/** How CUR prints a cost: scientific below 0.0001, fixed otherwise. */
export function curNumber(value: bigint): string {
  const abs = value < 0n ? -value : value;
  return abs !== 0n && abs < ONE / 10_000n ? scientific(value) : fixed(value);
}
