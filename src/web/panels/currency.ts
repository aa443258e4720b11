/**
 * The currencies the dashboard has costs in, and the one a request is answered in. Its own module because
 * every panel needs it and `/api/meta` needs the panels: kept in meta.ts, it made meta and the panels
 * import each other.
 */
import { readSql } from '../../warehouse/sql.ts';
import type { Session } from '../access.ts';
import { badRequest } from '../params.ts';

export type CurrencyInfo = {
  code: string;
  /** Effective cost over everything, two decimals. */
  effective: string;
  firstDay: string;
  lastDay: string;
  periods: string[];
};

export function currencies(s: Session): Promise<CurrencyInfo[]> {
  return s.memo('currencies', () => s.w.all<CurrencyInfo>(readSql(import.meta.url, 'currencies.sql')));
}

/** The currency a request asked for (it must have costs), or the biggest; undefined when there is no data. */
export async function pickCurrency(s: Session, asked: string | undefined): Promise<CurrencyInfo | undefined> {
  const all = await currencies(s);
  if (asked === undefined) return all[0];
  const found = all.find((c) => c.code === asked);
  if (!found) {
    const have = all.map((c) => c.code).join(', ') || 'none yet';
    throw badRequest(`there are no costs in ${asked}`, `currencies with costs: ${have}`);
  }
  return found;
}
