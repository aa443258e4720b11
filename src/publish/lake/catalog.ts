/**
 * `catalog/` beside the lake: the statements that let Athena (Glue), Trino and Spark query it.
 *   <engine>.sql                        every table (CREATE ... IF NOT EXISTS, partitions registered or
 *                                       projected) and every view (CREATE OR REPLACE): a new catalog
 *                                       runs it whole, an up-to-date one can run it again;
 *   upgrade/<engine>-<n>-to-<n+1>.sql   what takes an engine's tables from schema version n to n+1
 *                                       (columns added; the move from the version-0 layout);
 *   schema.json, schema-version         the history those are made from (schema.ts).
 */
import type { Logger } from '../../log.ts';
import { joinKey, type ObjectStore } from '../../stores/store.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type CatalogModel, type CatalogTable, type Dialect, dialects } from './dialects.ts';
import { providerSlug } from './partitions.ts';
import {
  currentVersion,
  SCHEMA_FILE,
  type SchemaHistory,
  type SchemaVersion,
  schemaChanges,
  VERSION_FILE,
} from './schema.ts';
import {
  focusAllView,
  openAnomaliesView,
  type ProviderShape,
  providerView,
  rollupDimensionNames,
  rollupView,
  safeTagKey,
  type ViewDef,
} from './views.ts';

const tableDescriptions: Record<string, string> = {
  focus_costs: 'every provider’s cost rows in FOCUS columns, by provider and billing period',
  allocated_costs: 'the costs after shared-cost allocation (finops allocate), by billing period',
  showback: 'spend per owner and currency after allocation, by billing period',
  tag_compliance: 'spend by tag compliance and currency, by billing period',
  anomalies: 'cost anomalies found by finops anomalies, by the billing period of their day',
  periods: 'each provider’s billing periods and whether the provider has finalized them',
};

export async function catalogModel(w: Warehouse, root: string, schema: SchemaVersion): Promise<CatalogModel> {
  const location = root.startsWith('/') ? `file://${root}` : root;
  const tables: CatalogTable[] = Object.entries(schema.tables).map(([name, t]) => ({
    name,
    description: tableDescriptions[name] ?? name,
    partitionKeys: t.partitionKeys,
    columns: t.columns,
    location: `${location}${name}/`,
  }));
  const providers = await w.all<{ provider: string }>(
    `SELECT DISTINCT coalesce(ServiceProviderName, ProviderName, 'unknown') AS provider FROM focus.costs ORDER BY 1`,
  );
  const first = await w.one<{ p: string }>(
    `SELECT min(strftime(BillingPeriodStart, '%Y-%m')) AS p FROM focus.costs`,
  );
  const focus = schema.tables.focus_costs?.columns ?? [];
  const shapes: ProviderShape[] = [];
  for (const { provider } of providers) {
    shapes.push({
      slug: providerSlug(provider),
      extras: await extrasUsedBy(
        w,
        provider,
        focus.map((c) => c.name).filter((n) => n.startsWith('x_')),
      ),
      tagKeys: await tagKeysOf(w, provider),
    });
  }
  const views: ViewDef[] = [
    ...shapes.map((p) => providerView(p, focus)),
    focusAllView(focus),
    ...rollupDimensionNames.map((by) => rollupView('focus_costs', by)),
  ];
  if (schema.tables.allocated_costs) {
    views.push(...rollupDimensionNames.map((by) => rollupView('allocated_costs', by)));
  }
  if (schema.tables.anomalies) views.push(openAnomaliesView());
  return {
    location,
    tables,
    providers: [...new Set(shapes.map((s) => s.slug))],
    firstPeriod: first?.p ?? '2020-01',
    views,
  };
}

const byProvider = `coalesce(ServiceProviderName, ProviderName, 'unknown') = $provider`;

async function extrasUsedBy(w: Warehouse, provider: string, extras: string[]): Promise<string[]> {
  const have = new Set(
    (
      await w.all<{ name: string }>(
        `SELECT column_name AS name FROM (DESCRIBE focus.costs) WHERE column_name LIKE 'x\\_%' ESCAPE '\\'`,
      )
    ).map((r) => r.name),
  );
  const asked = extras.filter((x) => have.has(x));
  if (asked.length === 0) return [];
  const counts = asked.map((x, i) => `count("${x.replace(/"/g, '""')}")::INTEGER AS c${i}`).join(', ');
  const row =
    (await w.one<Record<string, number>>(`SELECT ${counts} FROM focus.costs WHERE ${byProvider}`, {
      provider,
    })) ?? {};
  return asked.filter((_, i) => (row[`c${i}`] ?? 0) > 0);
}

/** The provider's twenty most used tag keys that every engine can name: the ones worth a column. */
async function tagKeysOf(w: Warehouse, provider: string): Promise<string[]> {
  const rows = await w.all<{ key: string }>(
    `SELECT key FROM (SELECT unnest(json_keys(Tags)) AS key FROM focus.costs WHERE ${byProvider} AND Tags IS NOT NULL)
     GROUP BY key ORDER BY count(*) DESC, key`,
    { provider },
  );
  return rows
    .map((r) => r.key)
    .filter((k) => safeTagKey.test(k))
    .slice(0, 20)
    .sort();
}

export function renderCatalog(d: Dialect, m: CatalogModel, version: number): string {
  const sections = [
    `-- ${d.title}: the finops lake at ${m.location}`,
    `-- Generated by \`finops lake export\` at schema version ${version}. A new catalog runs every statement in
-- order. A catalog made at an older version runs upgrade/${d.name}-<n>-to-<n+1>.sql for each version
-- step first, then this file again (tables are created only if missing; views are replaced).`,
    ...m.tables.flatMap((t) => d.createTable(t, m)),
    ...m.views.map((v) => d.view(v)),
  ];
  return `${sections.join('\n\n')}\n`;
}

export function renderUpgrade(
  d: Dialect,
  from: SchemaVersion,
  to: SchemaVersion,
  legacyViews: string[],
): string {
  const head = `-- ${d.title}: schema version ${from.version} to ${to.version}. Then run ${d.name}.sql.`;
  if (from.version === 0) {
    const drops = [...legacyViews.map((v) => d.dropView(v)), d.dropTable('focus_costs')];
    return `${head}
-- Version 0 kept focus_costs at the lake's root; from version 1 every table has its own folder.
-- Dropping an external table removes only its definition, never the files.

${drops.join('\n\n')}
`;
  }
  const { added, newTables } = schemaChanges(from, to);
  const statements = added.flatMap((a) => d.addColumns(a.table, a.columns));
  const notes = newTables.map((t) => `-- New table ${t}: ${d.name}.sql creates it.`);
  return `${[head, ...notes, ...statements].join('\n\n')}\n`;
}

export async function writeCatalog(
  store: ObjectStore,
  prefix: string,
  history: SchemaHistory,
  model: CatalogModel,
  logger: Logger,
): Promise<void> {
  const catalog = joinKey(prefix, 'catalog');
  const current = currentVersion(history);
  for (const [i, to] of history.versions.entries()) {
    const from = history.versions[i - 1];
    if (!from) continue;
    for (const d of Object.values(dialects)) {
      const name = `${d.name}-${from.version}-to-${to.version}.sql`;
      await store.put(
        joinKey(catalog, 'upgrade', name),
        renderUpgrade(d, from, to, history.legacyViews ?? []),
      );
    }
  }
  for (const d of Object.values(dialects)) {
    await store.put(joinKey(catalog, `${d.name}.sql`), renderCatalog(d, model, current.version));
  }
  await store.put(joinKey(catalog, SCHEMA_FILE), `${JSON.stringify(history, null, 2)}\n`);
  await store.put(joinKey(catalog, VERSION_FILE), `${current.version}\n`);
  logger.info(
    `catalog: ${Object.keys(dialects).join(', ')} DDL at schema version ${current.version} written to ${catalog}/`,
  );
}
