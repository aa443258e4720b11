/**
 * Schema migrations: `migrations/NNN_name.sql`, applied in order, each in its own transaction and
 * recorded in `finops_meta.schema_migrations`, so an old warehouse file is brought up to date on open.
 */
import { readdirSync } from 'node:fs';
import { readSql } from './sql.ts';
import type { Warehouse } from './warehouse.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);

export async function migrate(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`
    CREATE SCHEMA IF NOT EXISTS finops_meta;
    CREATE TABLE IF NOT EXISTS finops_meta.schema_migrations (
      version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const done = new Set(
    (await warehouse.all<{ version: number }>('SELECT version FROM finops_meta.schema_migrations')).map(
      (r) => r.version,
    ),
  );
  for (const file of readdirSync(migrationsDir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()) {
    const version = Number.parseInt(file, 10);
    if (done.has(version)) continue;
    await warehouse.transaction(async () => {
      await warehouse.run(readSql(migrationsDir.href, file));
      await warehouse.run(
        'INSERT INTO finops_meta.schema_migrations (version, name) VALUES ($version, $name)',
        {
          version,
          name: file,
        },
      );
    });
  }
}
