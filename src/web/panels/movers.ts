/**
 * `/api/movers`: what changed most between a billing period and the one before (by absolute change,
 * up or down), grouped by a dimension or a tag key's values, in one currency.
 */
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Session } from '../access.ts';
import {
  dimensionNames,
  dimensions,
  filterSql,
  groupByText,
  metricNames,
  metrics,
  parseFilters,
  parseGroupBy,
} from '../dimensions.ts';
import { previousPeriod, type Query } from '../params.ts';
import { pickCurrency } from './currency.ts';

export const moversParams = ['period', 'groupBy', 'metric', 'currency', 'limit', ...dimensionNames] as const;

export async function movers(s: Session, q: Query) {
  const groupBy = parseGroupBy(q, 'service');
  const metricName = q.choice('metric', metricNames, 'effective');
  const metric = metrics[metricName];
  const filters = parseFilters(q, groupBy.kind === 'tag' ? 'tags' : 'costs');
  const limit = q.limit('limit', 10, 100);
  const currency = await pickCurrency(s, q.currency());
  if (!currency) return { currency: null, movers: [] };
  const period = q.period('period') ?? currency.periods[currency.periods.length - 1] ?? '';
  const filtered =
    groupBy.kind === 'tag'
      ? fillTemplate(readSql(import.meta.url, 'movers-tag.sql'), {
          metric,
          filters: filterSql('tags'),
        })
      : fillTemplate(readSql(import.meta.url, 'movers-dimension.sql'), {
          key: dimensions[groupBy.name].key,
          label: dimensions[groupBy.name].label,
          metric,
          filters: filterSql('costs'),
        });
  const rows = await s.w.all(fillTemplate(readSql(import.meta.url, 'movers.sql'), { filtered }), {
    ...filters,
    ...(groupBy.kind === 'tag' ? { tagKey: groupBy.key } : {}),
    currency: currency.code,
    period,
    previous: previousPeriod(period),
    limit,
  });
  return {
    currency: currency.code,
    period,
    previousPeriod: previousPeriod(period),
    groupBy: groupByText(groupBy),
    metric: metricName,
    movers: rows,
  };
}
