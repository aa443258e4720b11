/**
 * The catalog as the engines would run it: every statement of catalog/athena.sql, trino.sql and
 * spark.sql parses with the engine's own grammar (Athena: DDL with Hive's, views with Trino's), and
 * every view the catalog defines, run against the lake just written, answers what the warehouse holds:
 * rows and sums per provider, period and currency, row for row in focus_all, group for group in the
 * monthly rollups, and each tag column's values.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { periodStatuses } from '../../../src/focus/period-status.ts';
import { silentLogger } from '../../../src/log.ts';
import { exportLake } from '../../../src/publish/lake/export.ts';
import { providerSlug } from '../../../src/publish/lake/partitions.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import type { Warehouse } from '../../../src/warehouse/warehouse.ts';
import type { TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { type Engine, startEngine } from './engine.ts';
import { grammarErrors } from './grammar.ts';
import {
  catalogFiles,
  providerViewTotals,
  rollupFromLake,
  rollupFromWarehouse,
  warehouseTotals,
  warehouseWithData,
} from './helpers.ts';

let wh: TestWarehouse | undefined;
let engine: Engine | undefined;
afterEach(() => {
  engine?.close();
  wh?.warehouse.close();
  engine = undefined;
  wh = undefined;
});

/** focus_all against focus.costs, row for row, in the types the Trino table declares. */
async function focusAllDifferences(e: Engine, w: Warehouse): Promise<number[]> {
  const columns = await e.db.all<{ name: string; type: string }>(
    `SELECT column_name AS name, column_type AS type FROM (DESCRIBE focus_all)
     WHERE column_name NOT IN ('provider', 'billing_period', 'billing_period_status')`,
  );
  const snapshot = path.join(await tempDir('snapshot'), 'focus.parquet');
  const list = columns.map((c) => `CAST("${c.name}" AS ${c.type}) AS "${c.name}"`).join(', ');
  await w.run(`COPY (SELECT ${list} FROM focus.costs) TO '${snapshot}' (FORMAT parquet)`);
  const lake = `SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM focus_all`;
  const count = async (sql: string) =>
    (await e.db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${sql})`))?.n ?? -1;
  return [
    await count(`SELECT * FROM '${snapshot}' EXCEPT ALL ${lake}`),
    await count(`${lake} EXCEPT ALL SELECT * FROM '${snapshot}'`),
  ];
}

/** Each provider view's tag columns against the warehouse's Tags, value by value. */
async function tagColumnsMismatches(
  e: Engine,
  w: Warehouse,
  trino: string,
): Promise<{ checked: number; problems: string[] }> {
  const problems: string[] = [];
  let checked = 0;
  const views = trino.split('CREATE OR REPLACE VIEW ').slice(1);
  for (const view of views) {
    const name = /^"([^"]+)"/.exec(view)?.[1] as string;
    const where = /WHERE "provider" = '([^']+)'/.exec(view)?.[1];
    for (const [, key, column] of view.matchAll(
      /json_extract_scalar\("Tags", '\$\["([^"]+)"\]'\) AS "([^"]+)"/g,
    )) {
      const fromLake = await e.db.all(
        `SELECT "${column}" AS v, count(*)::INTEGER AS n FROM "${name}" GROUP BY 1 ORDER BY ALL`,
      );
      const fromWarehouse = await w.all(
        `SELECT json_extract_string(Tags, $path) AS v, count(*)::INTEGER AS n FROM focus.costs
         WHERE lower(regexp_replace(coalesce(ServiceProviderName, ProviderName), '[^A-Za-z0-9]+', '-', 'g')) = $provider
         GROUP BY 1 ORDER BY ALL`,
        { path: `$."${key}"`, provider: where ?? '' },
      );
      checked++;
      if (JSON.stringify(fromLake) !== JSON.stringify(fromWarehouse)) problems.push(`${name}.${column}`);
    }
  }
  return { checked, problems };
}

describe('the lake catalog', () => {
  it('parses with each engine’s grammar, and every view answers what the warehouse holds', async () => {
    ({ wh } = await warehouseWithData());
    const w = wh.warehouse;
    const root = await tempDir('lake');
    await exportLake(w, { store: new LocalStore(root), prefix: '', scope: {} }, silentLogger);
    const files = await catalogFiles(root);
    for (const engineName of ['athena', 'trino', 'spark'] as const) {
      expect(grammarErrors(engineName, `${engineName}.sql`, files[engineName])).toEqual([]);
    }

    engine = await startEngine();
    await engine.run(files.trino);
    expect(engine.views()).toEqual([
      'focus_aws',
      'focus_microsoft',
      'focus_oracle',
      'focus_all',
      'focus_monthly_by_provider',
      'focus_monthly_by_service',
      'focus_monthly_by_account',
      'anomalies_open',
    ]);
    // Athena's views are the Trino statements, word for word.
    const views = (text: string) => text.slice(text.indexOf('CREATE OR REPLACE VIEW'));
    expect(views(files.athena)).toBe(views(files.trino));

    const expected = await warehouseTotals(w);
    expect(expected).toHaveLength(6);
    expect(await providerViewTotals(engine.db, engine.views())).toEqual(expected);
    expect(await focusAllDifferences(engine, w)).toEqual([0, 0]);
    for (const by of ['provider', 'service', 'account']) {
      const lake = await rollupFromLake(engine.db, `focus_monthly_by_${by}`);
      expect(lake, by).toEqual(await rollupFromWarehouse(w, 'focus.costs', by, 'provider'));
      expect(lake.length).toBeGreaterThan(0);
    }
    const tagColumns = [...files.trino.matchAll(/ AS "tag_/g)].length;
    expect(tagColumns).toBeGreaterThan(3);
    expect(await tagColumnsMismatches(engine, w, files.trino)).toEqual({ checked: tagColumns, problems: [] });

    const statuses = await engine.db.all(
      'SELECT DISTINCT provider, billing_period, billing_period_status AS status FROM focus_all ORDER BY ALL',
    );
    const fromWarehouse = (await periodStatuses(w)).map((s) => ({
      provider: providerSlug(s.provider),
      billing_period: s.billing_period,
      status: s.status,
    }));
    expect(statuses).toEqual(
      fromWarehouse.sort((a, b) =>
        `${a.provider}${a.billing_period}`.localeCompare(`${b.provider}${b.billing_period}`),
      ),
    );
    // The generated CUR: January's invoice is issued, February (the last month) is still open.
    expect(statuses.filter((s) => (s as { provider: string }).provider === 'aws').slice(0, 2)).toEqual([
      { provider: 'aws', billing_period: '2024-01', status: 'final' },
      { provider: 'aws', billing_period: '2024-02', status: 'open' },
    ]);
  });
});
