/**
 * `/api/costs/daily`: cost per day in one currency, stacked by a dimension or a tag key's values, with
 * filters. The biggest `top` series are kept and the rest summed as "Other", so a chart stays legible
 * however many services or accounts there are.
 */
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Session } from '../access.ts';
import {
  dimensionNames,
  dimensions,
  filterSql,
  type GroupBy,
  groupByText,
  metricNames,
  metrics,
  parseFilters,
  parseGroupBy,
} from '../dimensions.ts';
import { badRequest, type Query } from '../params.ts';
import { type CurrencyInfo, pickCurrency } from './currency.ts';

export const dailyParams = ['from', 'to', 'groupBy', 'metric', 'currency', 'top', ...dimensionNames] as const;

type DailyRow = { day: string | null; key: string | null; label: string; rank: number | null; cost: string };

const maxDays = 1100;

/** The last three months of data unless asked otherwise. */
function range(q: Query, currency: CurrencyInfo): { from: string; to: string } {
  const to = q.date('to') ?? currency.lastDay;
  const start = new Date(`${to}T00:00:00Z`);
  start.setUTCDate(1);
  start.setUTCMonth(start.getUTCMonth() - 2);
  const from = q.date('from') ?? start.toISOString().slice(0, 10);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw badRequest(`from (${from}) is after to (${to})`);
  if (days > maxDays) throw badRequest(`the range is ${days} days; at most ${maxDays} at a time`);
  return { from, to };
}

function filteredSql(groupBy: GroupBy, metric: string): string {
  if (groupBy.kind === 'tag') {
    return fillTemplate(readSql(import.meta.url, 'daily-tag.sql'), {
      metric,
      filters: filterSql('tags'),
    });
  }
  const d = dimensions[groupBy.name];
  return fillTemplate(readSql(import.meta.url, 'daily-dimension.sql'), {
    key: d.key,
    label: d.label,
    metric,
    filters: filterSql('costs'),
  });
}

export async function daily(s: Session, q: Query) {
  const groupBy = parseGroupBy(q, 'provider');
  const metric = q.choice('metric', metricNames, 'effective');
  const filters = parseFilters(q, groupBy.kind === 'tag' ? 'tags' : 'costs');
  const top = q.limit('top', 8, 25);
  const currency = await pickCurrency(s, q.currency());
  if (!currency) return { currency: null, series: [], points: [], total: '0.00' };
  const { from, to } = range(q, currency);
  const sql = fillTemplate(readSql(import.meta.url, 'daily.sql'), {
    filtered: filteredSql(groupBy, metrics[metric]),
  });
  const rows = await s.w.all<DailyRow>(sql, {
    ...filters,
    ...(groupBy.kind === 'tag' ? { tagKey: groupBy.key } : {}),
    currency: currency.code,
    from,
    to,
    top,
  });
  return {
    currency: currency.code,
    metric,
    groupBy: groupByText(groupBy),
    from,
    to,
    total: rows.find((r) => r.day === null && r.key === null)?.cost ?? '0.00',
    series: rows
      .filter((r) => r.day === null && r.key !== null)
      .map((r) => ({ key: r.key, label: r.label, total: r.cost, other: r.key === '(other)' })),
    points: rows.filter((r) => r.day !== null).map((r) => ({ day: r.day, key: r.key, cost: r.cost })),
  };
}
