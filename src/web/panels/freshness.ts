/**
 * `/api/freshness`: the ledger as the dashboard shows it: per source, the last successful load and the
 * latest day of costs; per source and billing period, the newest attempt with its version, FOCUS
 * validation and whether the aggregates reflect it, and the period's rows and reconciled cost per
 * currency (every slice of a period loaded in slices).
 */
import { periodTotalsSql } from '../../warehouse/ledger.ts';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Json } from '../../warehouse/warehouse.ts';
import type { Session } from '../access.ts';

export const freshnessParams = [] as const;

function parseJson(text: Json): Json {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

export async function freshness(s: Session) {
  const sql = fillTemplate(readSql(import.meta.url, 'freshness.sql'), {
    periodTotals: await periodTotalsSql(s.w),
  });
  const loads = await s.w.all(sql);
  return {
    sources: await s.w.all(readSql(import.meta.url, 'sources.sql')),
    loads: loads.map((l) => ({
      ...l,
      costTotals: parseJson(l.costTotals ?? null),
      validation: parseJson(l.validation ?? null),
    })),
  };
}
