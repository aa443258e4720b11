/**
 * Checks on a staged month before anything is published: every blob holds the rows its manifest
 * counts (a truncated or swapped file is caught here), every row's day is in the month, and the days a
 * newer run supplies are taken out of the older runs' rows.
 */
import { inputError } from '../../errors.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import type { PlannedRun } from './plan.ts';

export interface StagedRows {
  /** Quoted stage table. */
  table: string;
  /** The column naming the row's blob key. */
  fileColumn: string;
  /** SQL for the row's charge day (a DATE). */
  day: string;
  /** SQL for the first day of the row's billing period (a DATE), when the rows carry one. */
  billingPeriod: string;
}

export async function checkRowCounts(
  w: Warehouse,
  staged: StagedRows,
  runs: PlannedRun[],
  files: LocalDataFile[],
): Promise<void> {
  const counts = await w.all<{ key: string; n: number }>(
    `SELECT ${staged.fileColumn} AS key, count(*)::INTEGER AS n FROM ${staged.table} GROUP BY ALL`,
  );
  const byKey = new Map(counts.map((c) => [c.key, c.n]));
  const urls = new Map(files.map((f) => [f.key, f.url]));
  for (const r of runs) {
    r.run.blobs.forEach((blob, i) => {
      const object = r.objects[i];
      if (blob.dataRowCount === undefined || !object || !urls.has(object.key)) return;
      const n = byKey.get(object.key) ?? 0;
      if (n !== blob.dataRowCount) {
        throw inputError(`the file holds ${n} rows, but its run's manifest counts ${blob.dataRowCount}`, {
          file: urls.get(object.key),
          hint: 'the file may be truncated or from another run; run the export again',
        });
      }
    });
  }
}

/**
 * Every row belongs to the run's month: by its charge day, and by its billing period when it names one
 * (the rule every source keeps: a row of another period is a broken delivery, refused with its file).
 */
export async function checkMonth(
  w: Warehouse,
  staged: StagedRows,
  period: { label: string; start: string; end: string },
  files: LocalDataFile[],
): Promise<void> {
  const other = await w.one<{ key: string; period: string; n: number }>(
    `SELECT ${staged.fileColumn} AS key, strftime(${staged.billingPeriod}, '%Y-%m') AS period, count(*)::INTEGER AS n
     FROM ${staged.table}
     WHERE ${staged.billingPeriod} IS NOT NULL AND date_trunc('month', ${staged.billingPeriod}) <> $start::DATE
     GROUP BY ALL ORDER BY n DESC LIMIT 1`,
    { start: period.start },
  );
  if (other) {
    throw inputError(
      `${other.n} row(s) belong to billing period ${other.period}, but the run is for ${period.label}`,
      { file: files.find((f) => f.key === other.key)?.url ?? other.key },
    );
  }
  const stray = await w.one<{ key: string; day: string | null; n: number }>(
    `SELECT ${staged.fileColumn} AS key, strftime(${staged.day}, '%Y-%m-%d') AS day, count(*)::INTEGER AS n
     FROM ${staged.table}
     WHERE ${staged.day} IS NULL OR ${staged.day} < $start::DATE OR ${staged.day} >= $end::DATE
     GROUP BY ALL ORDER BY n DESC LIMIT 1`,
    { start: period.start, end: period.end },
  );
  if (stray) {
    const what = stray.day ? `are for ${stray.day}` : 'have no charge date';
    throw inputError(`${stray.n} row(s) ${what}, outside the export's month ${period.label}`, {
      file: files.find((f) => f.key === stray.key)?.url ?? stray.key,
    });
  }
}

/**
 * Keeps each run to the days it declares: a file holding days beyond its run's range would double
 * them while an older run still supplies them. Returns how many rows were left out.
 */
export async function dropUndeclaredDays(
  w: Warehouse,
  staged: StagedRows,
  runs: PlannedRun[],
): Promise<number> {
  let dropped = 0;
  for (const r of runs) {
    const rows = await w.all(
      `DELETE FROM ${staged.table}
       WHERE list_contains($keys::VARCHAR[], ${staged.fileColumn})
         AND (${staged.day} < $first::DATE OR ${staged.day} > $last::DATE)
       RETURNING 1`,
      { keys: r.objects.map((o) => o.key), first: r.run.firstDay, last: r.run.lastDay },
    );
    dropped += rows.length;
  }
  return dropped;
}

/** Removes from each run the days newer runs of its scope and dataset deliver. */
export async function dropSupersededDays(
  w: Warehouse,
  staged: StagedRows,
  runs: PlannedRun[],
): Promise<void> {
  for (const r of runs) {
    const keys = r.objects.map((o) => o.key);
    for (const range of r.excluded) {
      await w.run(
        `DELETE FROM ${staged.table}
         WHERE list_contains($keys::VARCHAR[], ${staged.fileColumn}) AND ${staged.day} BETWEEN $first::DATE AND $last::DATE`,
        { keys, first: range.first, last: range.last },
      );
    }
  }
}
