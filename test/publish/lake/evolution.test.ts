/**
 * The lake's schema grows: a second export after a load that brought a new column makes schema version
 * 2, with upgrade statements per engine that parse with the engine's grammar; views registered before
 * the upgrade still answer what the warehouse holds, and so do the new ones after it. A lake written
 * before schema versions (version 0) gets the statements that replace its catalog.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../../src/log.ts';
import { exportLake } from '../../../src/publish/lake/export.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import type { TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { type Engine, startEngine } from './engine.ts';
import { grammarErrors } from './grammar.ts';
import {
  catalogFiles,
  importFocusFile,
  providerViewTotals,
  sampleWithTeamColumn,
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

const catalogDir = (root: string) => path.join(root, 'catalog');
const upgrade = (root: string, name: string) =>
  readFile(path.join(catalogDir(root), 'upgrade', name), 'utf8');

describe('a lake whose schema grows', () => {
  it('migrates the tables with upgrade statements, and its views work before and after', async () => {
    ({ wh } = await warehouseWithData());
    const w = wh.warehouse;
    const root = await tempDir('lake');
    const store = new LocalStore(root);
    await exportLake(w, { store, prefix: '', scope: {} }, silentLogger);
    expect(await readFile(path.join(catalogDir(root), 'schema-version'), 'utf8')).toBe('1\n');
    engine = await startEngine();
    await engine.run((await catalogFiles(root)).trino);
    expect(await providerViewTotals(engine.db, engine.views())).toEqual(await warehouseTotals(w));

    // A team adds a column to its FOCUS export: the second export of the same lake.
    await importFocusFile(wh, await sampleWithTeamColumn(), 'sample-team');
    const teams = await w.one<{ n: number }>('SELECT count(x_Team)::INTEGER AS n FROM focus.costs');
    expect(teams?.n).toBe(1000);
    await exportLake(w, { store, prefix: '', scope: {} }, silentLogger);
    expect(await readFile(path.join(catalogDir(root), 'schema-version'), 'utf8')).toBe('2\n');
    expect(await readdir(path.join(catalogDir(root), 'upgrade'))).toEqual([
      'athena-1-to-2.sql',
      'spark-1-to-2.sql',
      'trino-1-to-2.sql',
    ]);
    const upgrades = {
      athena: await upgrade(root, 'athena-1-to-2.sql'),
      trino: await upgrade(root, 'trino-1-to-2.sql'),
      spark: await upgrade(root, 'spark-1-to-2.sql'),
    };
    expect(upgrades.athena).toMatch(/ALTER TABLE `focus_costs` ADD COLUMNS \(\n {2}`x_Team` string\n\);/);
    expect(upgrades.trino).toMatch(/ALTER TABLE "focus_costs" ADD COLUMN IF NOT EXISTS "x_Team" varchar;/);
    expect(upgrades.spark).toMatch(/ALTER TABLE `focus_costs` ADD COLUMNS \(\n {2}`x_Team` string\n\);/);
    const files = await catalogFiles(root);
    for (const e of ['athena', 'trino', 'spark'] as const) {
      expect(grammarErrors(e, `upgrade/${e}-1-to-2.sql`, upgrades[e])).toEqual([]);
      expect(grammarErrors(e, `${e}.sql`, files[e])).toEqual([]);
    }

    // Before the upgrade: the table and views registered at version 1 read the new files.
    const expected = await warehouseTotals(w);
    expect(await providerViewTotals(engine.db, engine.views())).toEqual(expected);
    await expect(engine.db.all('SELECT "x_Team" FROM focus_costs')).rejects.toThrow(/x_Team/);

    // After: the upgrade, then the catalog again, as the README tells users.
    await engine.run(upgrades.trino);
    await engine.run(files.trino);
    expect(await providerViewTotals(engine.db, engine.views())).toEqual(expected);
    const byProvider = await engine.db.all(
      `SELECT provider, count("x_Team")::INTEGER AS teams, count(*)::INTEGER AS n FROM focus_costs GROUP BY 1 ORDER BY 1`,
    );
    expect(byProvider).toEqual(
      await w.all(
        `SELECT lower(ServiceProviderName) AS provider, count(x_Team)::INTEGER AS teams, count(*)::INTEGER AS n
         FROM focus.costs GROUP BY 1 ORDER BY 1`,
      ),
    );
    const microsoft = await engine.db.one<{ n: number }>(
      'SELECT count("x_Team")::INTEGER AS n FROM focus_microsoft',
    );
    expect(microsoft?.n).toBeGreaterThan(0);
  });

  it('replaces a catalog written before schema versions', async () => {
    ({ wh } = await warehouseWithData());
    const root = await tempDir('lake');
    // What the export wrote before versions: focus_costs at the root and its catalog.
    await mkdir(path.join(root, 'provider=aws', 'billing_period=2024-01'), { recursive: true });
    await writeFile(path.join(root, 'provider=aws', 'billing_period=2024-01', 'part-0a1b-0.parquet'), '');
    await mkdir(catalogDir(root));
    await writeFile(
      path.join(catalogDir(root), 'athena.sql'),
      'CREATE EXTERNAL TABLE IF NOT EXISTS focus_costs (`BilledCost` decimal(38,18))\nSTORED AS PARQUET;\n\n' +
        'CREATE OR REPLACE VIEW `focus_aws` AS\nSELECT `BilledCost` FROM focus_costs;\n\n' +
        'CREATE OR REPLACE VIEW focus_all AS\nSELECT CAST(`BilledCost` AS decimal(38,18)) AS `BilledCost` FROM focus_costs;\n',
    );
    const lines: string[] = [];
    const logger = createLogger({ stream: { write: (s: string) => lines.push(s) > 0 } as never });
    await exportLake(wh.warehouse, { store: new LocalStore(root), prefix: '', scope: {} }, logger);
    expect(await readFile(path.join(catalogDir(root), 'schema-version'), 'utf8')).toBe('1\n');
    for (const e of ['athena', 'trino', 'spark'] as const) {
      const text = await upgrade(root, `${e}-0-to-1.sql`);
      expect(grammarErrors(e, `upgrade/${e}-0-to-1.sql`, text)).toEqual([]);
      expect(text).toMatch(/DROP VIEW IF EXISTS .focus_aws.;/);
      expect(text).toMatch(/DROP VIEW IF EXISTS .focus_all.;/);
      expect(text).toMatch(/DROP TABLE IF EXISTS .focus_costs.;/);
    }
    expect(lines.join('')).toMatch(/1 provider folder\(s\) of the version-0 layout .* are no longer updated/);
  });
});
