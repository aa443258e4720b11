/**
 * The dashboard's query parameters, validated before anything reaches SQL: each endpoint names the
 * parameters it takes (an unknown or repeated one is refused, so a script's typo does not silently
 * widen its query), values are checked against their shape, and what passes goes into SQL only as a
 * bound parameter. Names (group-by columns) come from a fixed list, never from the request.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, hint?: string) => new HttpError(400, message, hint);

/** The request's parameters, once each, only those the endpoint takes (`token` is the auth's). */
export class Query {
  private readonly values = new Map<string, string>();

  constructor(search: URLSearchParams, allowed: readonly string[]) {
    for (const [name, value] of search) {
      if (name === 'token') continue;
      if (!allowed.includes(name)) {
        const takes = allowed.length > 0 ? `it takes ${allowed.join(', ')}` : 'it takes none';
        throw badRequest(`unknown parameter ${JSON.stringify(name)}: ${takes}`);
      }
      if (this.values.has(name)) throw badRequest(`parameter ${name} is given twice`);
      if (value.length > 200) throw badRequest(`parameter ${name} is longer than 200 characters`);
      this.values.set(name, value);
    }
  }

  /** A value, or undefined when absent or empty (an empty filter means "all"). */
  text(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  /** YYYY-MM. */
  period(name: string): string | undefined {
    const value = this.text(name);
    if (value !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
      throw badRequest(`${name} must be a billing period YYYY-MM, not ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** YYYY-MM-DD, a real calendar day. */
  date(name: string): string | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
      throw badRequest(`${name} must be a date YYYY-MM-DD, not ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** An integer in [1, max]. */
  limit(name: string, fallback: number, max: number): number {
    const value = this.text(name);
    if (value === undefined) return fallback;
    const n = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= 1 && n <= max)) throw badRequest(`${name} must be a whole number from 1 to ${max}`);
    return n;
  }

  /** One of a fixed list. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.text(name);
    if (value === undefined) return fallback;
    if (!(choices as readonly string[]).includes(value)) {
      throw badRequest(`${name} must be one of ${choices.join(', ')}, not ${JSON.stringify(value)}`);
    }
    return value as T;
  }

  /** An ISO 4217 code. */
  currency(): string | undefined {
    const value = this.text('currency');
    if (value !== undefined && !/^[A-Z]{3}$/.test(value)) {
      throw badRequest(`currency must be a three-letter code such as USD, not ${JSON.stringify(value)}`);
    }
    return value;
  }
}

/** The month before YYYY-MM. */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
