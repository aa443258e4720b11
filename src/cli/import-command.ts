/**
 * What every import command shares: the flags (--force, --dry-run, --wait, --format), the loop over the
 * configured targets (each run through the pipeline), one table of outcomes, and the exit code: 0 when
 * every unit loaded or was unchanged, 3 when every failure was bad billing data, else 1.
 */
import type { Command } from 'commander';
import { formatValidation } from '../format.ts';
import type { UnitOutcome } from '../pipeline/outcome.ts';
import { runSource } from '../pipeline/run-source.ts';
import type { Source, Staged, Target, Unit } from '../sources/source.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { reportFailures } from './failures.ts';
import { formatOption, waitOption, waitSeconds } from './flags.ts';
import { type Column, defaultFormat, type Format, printTable, stdout } from './output.ts';

export interface ImportFlags {
  force?: boolean;
  allowDuplicate?: boolean;
  dryRun?: boolean;
  prune?: boolean;
  wait?: string;
  format?: string;
}

export function importOptions(command: Command): Command {
  command
    .option('--force', 'load again even when the version is already loaded')
    .option(
      '--allow-duplicate',
      'load a delivery even when another source of this kind has published it (it would count twice)',
    )
    .option('--dry-run', 'show what would be loaded, change nothing');
  return formatOption(waitOption(command));
}

/** For sources read whole (file sets): remove published periods the delivery no longer holds. */
export function pruneOption(command: Command): Command {
  return command.option(
    '--prune',
    'remove published periods these files no longer hold (else reported as vanished)',
  );
}

/** Runs `source` for each target and prints the outcomes; returns the exit code. */
export async function importCommand<T extends Target, U extends Unit, S extends Staged>(
  ctx: Context,
  flags: ImportFlags,
  source: Source<T, U, S>,
  targets: T[],
): Promise<number> {
  const format = defaultFormat(stdout, flags.format);
  const wait = waitSeconds(flags.wait);
  const w = flags.dryRun ? await ctx.openForReading() : await ctx.openWarehouse({ waitSeconds: wait });
  let outcomes: UnitOutcome[];
  try {
    outcomes = await importTargets(ctx, w, source, targets, flags);
  } finally {
    w.close();
  }
  printOutcomes(outcomes, format);
  return exitCodeOf(outcomes);
}

/** Every target through the pipeline, in order; for callers that print themselves (the demo). */
export async function importTargets<T extends Target, U extends Unit, S extends Staged>(
  ctx: Context,
  w: Warehouse,
  source: Source<T, U, S>,
  targets: T[],
  flags: Pick<ImportFlags, 'force' | 'dryRun' | 'prune' | 'allowDuplicate'> = {},
): Promise<UnitOutcome[]> {
  const outcomes: UnitOutcome[] = [];
  const load = ctx.loadContext(w);
  for (const target of targets) {
    ctx.logger.info(`${target.name}: reading ${target.location}`);
    const options = {
      force: flags.force,
      dryRun: flags.dryRun,
      prune: flags.prune,
      allowDuplicate: flags.allowDuplicate,
    };
    outcomes.push(...(await runSource(source, load, target, options)));
  }
  return outcomes;
}

/** For the demo and samples: imports, and throws the first failure instead of reporting it. */
export async function importOrThrow<T extends Target, U extends Unit, S extends Staged>(
  ctx: Context,
  w: Warehouse,
  source: Source<T, U, S>,
  target: T,
): Promise<UnitOutcome[]> {
  const outcomes = await importTargets(ctx, w, source, [target], { force: true });
  const failure = outcomes.find((o) => o.status === 'failed');
  if (failure) throw failure.error;
  return outcomes;
}

export function printOutcomes(outcomes: UnitOutcome[], format: Format): void {
  const parts = outcomes.some((o) => o.part !== undefined);
  const columns: Column[] = [
    { name: 'source', kind: 'id' },
    { name: 'billing_period', kind: 'id' },
    ...(parts ? [{ name: 'part', kind: 'id' } as const] : []),
    { name: 'status' },
    { name: 'version_id', kind: 'id', shrink: true },
    { name: 'files', kind: 'count' },
    { name: 'bytes', kind: 'bytes' },
    { name: 'rows', kind: 'count' },
    { name: 'billed_cost', kind: 'totals' },
    { name: 'focus' },
    { name: 'time', kind: 'ms' },
  ];
  const rows = outcomes.map((o) => [
    o.source,
    o.period,
    ...(parts ? [o.part ?? null] : []),
    o.status,
    o.versionId || null,
    o.files,
    o.bytes,
    o.rows ?? null,
    o.costTotals ?? null,
    formatValidation(o.validation),
    o.ms === undefined ? null : Math.round(o.ms),
  ]);
  printTable({ columns, rows }, format, { width: 120 });
}

export function exitCodeOf(outcomes: UnitOutcome[]): number {
  return reportFailures(
    outcomes
      .filter((o) => o.status === 'failed')
      .map((o) => ({
        unit: [o.source, o.period, o.part, o.failedStep && `(${o.failedStep})`].filter(Boolean).join(' '),
        error: o.error,
      })),
  );
}
