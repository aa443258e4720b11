/**
 * `/api/meta`: what the page needs before it draws anything: the currencies (biggest first, with their
 * billing periods and days), the values to filter by, the tag keys, which panels have data, and how
 * current the aggregates are. Computed once per opening of the warehouse.
 */
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Session } from '../access.ts';
import { dimensionNames, dimensions } from '../dimensions.ts';
import { anomaliesSource } from './anomalies.ts';
import { currencies } from './currency.ts';
import { tagComplianceSource } from './tags.ts';

async function dimensionValues(s: Session) {
  const values: Record<string, { value: string; label: string }[]> = {};
  for (const name of dimensionNames) {
    const d = dimensions[name];
    const sql = fillTemplate(readSql(import.meta.url, 'dimension-values.sql'), {
      key: d.key,
      label: d.label,
    });
    values[name] = await s.w.all(sql);
  }
  return values;
}

async function tagKeys(s: Session): Promise<string[]> {
  const rows = await s.w.all<{ key: string }>(
    `SELECT tag_key AS key FROM finops_meta.daily_tag_costs
     GROUP BY 1 ORDER BY sum(abs(effective_cost)) DESC, 1 LIMIT 100`,
  );
  return rows.map((r) => r.key);
}

export function meta(s: Session) {
  return s.memo('meta', async () => {
    const all = await currencies(s);
    const hasCosts = all.length > 0;
    const commitments = await s.w.one<{ n: boolean }>(
      'SELECT EXISTS (FROM finops_meta.daily_commitments) AS n',
    );
    return {
      currencies: all,
      currency: all[0]?.code ?? null,
      dimensions: await dimensionValues(s),
      groupBy: dimensionNames.map((name) => ({ value: name, label: dimensions[name].title })),
      tagKeys: await tagKeys(s),
      panels: {
        overview: hasCosts,
        costs: hasCosts,
        movers: hasCosts,
        commitments: commitments?.n === true,
        anomalies: (await anomaliesSource(s)).available,
        tags: (await tagComplianceSource(s)).available,
        freshness: true,
      },
      aggregates: {
        slices: s.status.slices,
        behind: s.status.stale.length,
        built: !s.status.unbuilt && s.status.tables,
      },
    };
  });
}
