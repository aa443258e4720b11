/**
 * Which zone timestamps without a UTC offset are in. Alibaba's FOCUS preview writes them in Beijing
 * time (UTC+8, its billing time) with no offset, where FOCUS requires UTC. A written offset (`Z`,
 * `+08:00`) is always honoured; for the rest the configured zone applies, or with `auto` the evidence
 * decides: a billing month that starts at local midnight is Beijing time, one that starts at 16:00 the
 * day before is UTC already. Either way the choice is said once, and a contradiction is warned about.
 */
import { usageError } from '../../errors.ts';
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { ColumnPlan } from './columns.ts';

/** A timestamp that carries its own UTC offset (or Z) after a time of day. */
export const offsetPattern = '[T ]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*([zZ]|[+-]\\d{2}(:?\\d{2})?)$';

/** Alibaba's billing time, the default and the `auto` fallback. */
export const BEIJING = 'Asia/Shanghai';

export interface ZoneDecision {
  /** Zone applied to timestamps without an offset. */
  zone: string;
  /** Said once per import (info), or a warning when the data and the setting disagree. */
  note?: string;
  warning?: string;
}

interface Evidence {
  n: number;
  with_offset: number;
  utc_already: number;
}

/** Fails with a usage error unless DuckDB knows the zone (IANA names, `UTC`). */
export async function checkZone(w: Warehouse, zone: string): Promise<void> {
  if (zone === 'auto') return;
  try {
    await w.run(`SELECT timezone($zone, TIMESTAMP '2024-01-01 00:00:00')`, { zone });
  } catch {
    throw usageError(
      `unknown time zone ${JSON.stringify(zone)} (alibaba.timezone)`,
      'use an IANA name such as Asia/Shanghai, UTC, or auto',
    );
  }
}

/** Decides from the BillingPeriodStart values of the first rows of `file`. */
export async function decideZone(
  w: Warehouse,
  file: string,
  plan: ColumnPlan,
  configured: string,
): Promise<ZoneDecision> {
  const column = plan.columns.find((c) => c.focusName === 'BillingPeriodStart');
  const reference = configured === 'auto' || configured === 'UTC' ? BEIJING : configured;
  const e = column ? await evidence(w, file, plan, column.header, reference) : undefined;
  const naive = e ? e.n - e.with_offset : 0;
  if (configured !== 'auto') {
    const doubled = naive > 0 && e?.utc_already === naive && configured !== 'UTC';
    return doubled
      ? {
          zone: configured,
          warning: `timestamps look like UTC already (the billing month starts at ${reference} midnight expressed in UTC), but alibaba.timezone = ${JSON.stringify(configured)} converts them again; set it to "auto" or "UTC" if they are UTC`,
        }
      : { zone: configured };
  }
  if (e && e.n > 0 && naive === 0)
    return { zone: 'UTC', note: 'timestamps carry their UTC offset; read as written' };
  if (naive > 0 && e?.utc_already === naive) {
    return {
      zone: 'UTC',
      note: `timestamps carry no UTC offset and the billing month starts at ${BEIJING} midnight in UTC: read as UTC`,
    };
  }
  return {
    zone: BEIJING,
    warning:
      'timestamps carry no UTC offset; read as Beijing time (Asia/Shanghai, UTC+8, where the billing month starts at midnight) and converted to UTC. Set alibaba.timezone (--timezone) to state the zone and silence this',
  };
}

async function evidence(w: Warehouse, file: string, plan: ColumnPlan, header: string, reference: string) {
  const columns = plan.columns.map((c) => `${quoteLiteral(c.header)}: 'VARCHAR'`).join(', ');
  return w.one<Evidence & Record<string, number>>(
    `WITH sample AS (
       SELECT s, try_cast(s AS TIMESTAMP) AS t FROM (
         SELECT ${quoteIdent(header)} AS s
         FROM read_csv($file, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                       nullstr = ['NULL', ''], columns = {${columns}})
         LIMIT 1000) WHERE s IS NOT NULL)
     SELECT count(*)::INTEGER AS n,
            count(*) FILTER (WHERE regexp_matches(s, $offset))::INTEGER AS with_offset,
            count(*) FILTER (WHERE NOT regexp_matches(s, $offset)
              AND t = timezone('UTC', timezone($reference, date_trunc('month', t + INTERVAL 14 HOUR))))::INTEGER AS utc_already
     FROM sample`,
    { file, offset: offsetPattern, reference },
  );
}
