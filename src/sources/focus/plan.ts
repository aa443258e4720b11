/**
 * The plan of a native FOCUS import: one unit per billing period the files hold, all with the files'
 * fingerprint as version. When the ledger has exactly this file set published, nothing is read; else the
 * files are fetched once and read once into a temporary table (a connection's own, gone when it
 * closes, so a dry run and a crash leave nothing behind), and each period is staged from it.
 */
import { randomBytes } from 'node:crypto';
import { inputError } from '../../errors.ts';
import { fetchFiles } from '../../pipeline/fetch-files.ts';
import { fingerprint } from '../../stores/fingerprint.ts';
import type { ObjectStore } from '../../stores/store.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import type { PlanContext, Target, Unit } from '../source.ts';
import { listFocusFiles } from './files.ts';
import { stageNativeFocus } from './stage.ts';
import { NATIVE_SOURCE_TYPE } from './tables.ts';

export interface FocusTarget extends Target {
  store: ObjectStore;
  prefix: string;
  /** Provider name for files that name none. */
  provider?: string;
}

export interface FocusUnit extends Unit {
  /** `FOCUS 1.0`, for the ledger. */
  format?: string;
  /** The columns the files delivered. */
  headers?: string[];
  /** The files, fetched once for every period. */
  local: LocalDataFile[];
  /** The temporary table every period is staged from. */
  all: string;
}

export async function planPeriods(ctx: PlanContext, target: FocusTarget): Promise<FocusUnit[]> {
  const objects = await listFocusFiles(target.store, target.prefix);
  const versionId = fingerprint(objects);
  const bytes = objects.reduce((s, o) => s + o.size, 0);
  const base = { versionId, files: objects.length, bytes, local: [], all: '' };
  const loaded = ctx.force ? [] : await loadedPeriods(ctx.warehouse, target.name, versionId);
  if (loaded.length > 0) return loaded.map((period) => ({ ...base, period, loadedVersion: versionId }));
  ctx.progress.start(`fetch ${target.name}`, { files: objects.length, bytes });
  const local = await fetchFiles(ctx.cache, target.store, objects, ctx.progress);
  const all = `temp.main."native_all_${randomBytes(4).toString('hex')}"`;
  ctx.logger.info(`read ${target.name}: ${local.length} FOCUS file(s) into DuckDB`);
  const staged = await stageNativeFocus(ctx.warehouse, {
    table: all,
    files: local,
    sourceName: target.name,
    sourceVersion: versionId,
    provider: target.provider,
    temporary: true,
  });
  for (const warning of staged.warnings) ctx.logger.warn(`${target.name}: ${warning}`);
  const versions = [...new Set(Object.values(staged.versions))].sort();
  if (versions.length) {
    ctx.logger.info(
      `${target.name}: FOCUS ${versions.join(', ')} detected, stored as FOCUS 1.2 with 1.3 additions`,
    );
  }
  const periods = await periodsIn(ctx.warehouse, all, local);
  const format = `FOCUS ${versions.join(', ')}`;
  return periods.map((period) => ({ ...base, period, local, all, format, headers: staged.headers }));
}

/** Periods whose newest successful load of this source is this very version of the files. */
async function loadedPeriods(w: Warehouse, sourceName: string, version: string): Promise<string[]> {
  const rows = await w.all<{ period: string }>(
    `SELECT billing_period AS period FROM finops_meta.loads
     WHERE source_type = $type AND source_name = $sourceName AND status IN ('succeeded', 'forgotten')
     QUALIFY row_number() OVER (PARTITION BY billing_period ORDER BY load_id DESC) = 1
         AND status = 'succeeded' AND version_id = $version
     ORDER BY 1`,
    { type: NATIVE_SOURCE_TYPE, sourceName, version },
  );
  return rows.map((r) => r.period);
}

async function periodsIn(w: Warehouse, table: string, files: LocalDataFile[]): Promise<string[]> {
  const rows = await w.all<{ period: string | null; n: number }>(
    `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, count(*)::INTEGER AS n FROM ${table} GROUP BY ALL ORDER BY 1`,
  );
  const missing = rows.find((r) => r.period === null);
  if (missing) {
    throw inputError(`${missing.n} row(s) have no BillingPeriodStart (a mandatory FOCUS column)`, {
      file: files.length === 1 ? files[0]?.url : undefined,
    });
  }
  return rows.map((r) => r.period as string);
}
