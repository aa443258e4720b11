/**
 * `/api/tags?period=&currency=`: tag compliance and unallocated cost of a billing period, as the tag
 * policy (src/govern) decided when the rows were loaded or `finops tags apply` last ran: spend by
 * compliance, the keys that fail most expensively, and the resources, accounts and services to fix
 * first, read from the monthly_tag_compliance aggregate; and the cost per owner, which is
 * `finops showback --by <owner key>` itself (src/govern/showback.ts: after shared-cost allocation), so
 * the page and the command never disagree.
 */
import { showback } from '../../govern/showback.ts';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Session } from '../access.ts';
import type { Query } from '../params.ts';
import type { DashboardSettings } from '../routes.ts';
import { pickCurrency } from './currency.ts';

export const tagsParams = ['period', 'currency', 'limit'] as const;

/** The panel has data once a tag policy has been applied to some load. */
export function tagComplianceSource(s: Session): Promise<{ available: boolean }> {
  return s.memo('tags-source', async () => {
    const row = await s.w.one<{ n: boolean }>(
      `SELECT EXISTS (FROM finops_meta.monthly_tag_compliance WHERE compliance <> 'ungoverned') AS n`,
    );
    return { available: row?.n === true };
  });
}

/** The grouping columns of the offender lists: fixed SQL, never from the request. */
const offenders = {
  resources: { name: 'resource_id', label: 'resource_name' },
  accounts: { name: 'sub_account_id', label: 'sub_account_name' },
  services: { name: 'service_name', label: 'service_category' },
};

export async function tags(s: Session, q: Query, settings: DashboardSettings) {
  const limit = q.limit('limit', 10, 100);
  const currency = await pickCurrency(s, q.currency());
  if (!currency || !(await tagComplianceSource(s)).available) {
    return {
      available: false,
      message: 'no tag policy has been applied yet: configure [govern.tags] and run finops tags apply',
    };
  }
  const period = q.period('period') ?? currency.periods[currency.periods.length - 1] ?? '';
  const scope = { currency: currency.code, period };
  // DuckDB refuses a parameter a statement does not use: the lists take a limit, the totals do not.
  const total = (file: string) => s.w.all(readSql(import.meta.url, file), scope);
  const top = (file: string, fragments: Record<string, string> = {}) =>
    s.w.all(fillTemplate(readSql(import.meta.url, file), fragments), { ...scope, limit });
  const list = (d: keyof typeof offenders) => top('tag-offenders.sql', offenders[d]);
  return {
    available: true,
    currency: currency.code,
    period,
    metric: 'EffectiveCost',
    unallocated: (await total('tag-unallocated.sql'))[0] ?? null,
    compliance: await total('tag-compliance.sql'),
    ...(await owners(s, settings, scope, limit)),
    keys: await top('tag-keys.sql'),
    resources: await list('resources'),
    accounts: await list('accounts'),
    services: await list('services'),
  };
}

/**
 * Cost per owner of the period in the currency, as `finops showback --by <owner key>` computes it. It
 * needs the policy's owner key, which lives in config.toml, not in the warehouse.
 */
async function owners(
  s: Session,
  settings: DashboardSettings,
  scope: { currency: string; period: string },
  limit: number,
) {
  const by = settings.owners;
  if (!by) {
    return {
      owners: null,
      ownersMessage:
        'start finops serve with the config.toml that holds the tag policy ([govern.tags]) to see owners',
    };
  }
  const result = await s.memo(`showback:${by.key}:${scope.period}`, () =>
    showback(s.w, {
      key: by.key,
      unallocated: by.unallocated,
      period: scope.period,
      metric: 'EffectiveCost',
    }),
  );
  const rows = result.rows.filter((r) => r.currency === scope.currency).slice(0, limit);
  return {
    ownerKey: by.key,
    allocated: result.allocated,
    owners: rows.map((r) => ({
      owner: r.owner,
      rows: String(r.rows),
      cost: r.cost,
      shared: r.shared,
      share: r.percent === null ? null : r.percent / 100,
    })),
  };
}
