/**
 * Runs one configured source: plan its units, then for each decide (blocked, unchanged, superseded,
 * dry run) or publish it; then validate the new rows against the FOCUS requirements once per billing
 * period. A unit that fails does not stop the others, and every failure, a whole source that cannot be
 * planned included, leaves a ledger row that `finops status` shows.
 */
import { errorMessage, FinopsError, inputError } from '../errors.ts';
import { validateLoads } from '../focus/load-validation.ts';
import type { LoadContext, PlanContext, Source, Staged, Target, Unit } from '../sources/source.ts';
import { beginLoad, publishedElsewhere, publishedVersion, recordFailure } from '../warehouse/ledger.ts';
import { periodTable } from '../warehouse/period-tables.ts';
import { stopsTheRun } from './engine-errors.ts';
import { forgetPeriod, vanishedPeriods } from './forget.ts';
import type { UnitOutcome } from './outcome.ts';
import { publishUnit, UnitFailure } from './publish-unit.ts';
import { recoverFromCrash } from './recovery.ts';

export interface RunOptions {
  force?: boolean;
  dryRun?: boolean;
  /** Remove the periods the source no longer delivers (see forget.ts). */
  prune?: boolean;
  /** Load deliveries another source of the same type has published already. */
  allowDuplicate?: boolean;
}

/** The period recorded for a failure that concerns a whole source (nothing could be planned). */
export const WHOLE_SOURCE = '*';

export async function runSource<T extends Target, U extends Unit, S extends Staged>(
  source: Source<T, U, S>,
  ctx: LoadContext,
  target: T,
  options: RunOptions = {},
): Promise<UnitOutcome[]> {
  const { warehouse: w, logger } = ctx;
  if (!options.dryRun) await recoverFromCrash(w, logger);
  let units: U[];
  try {
    units = await planUnits(
      source,
      { ...ctx, force: !!options.force, allowDuplicate: options.allowDuplicate },
      target,
    );
  } catch (error) {
    if (options.dryRun || (error instanceof FinopsError && error.kind === 'usage')) throw error;
    const whole = { period: WHOLE_SOURCE, versionId: '', files: 0, bytes: 0 };
    return [await recordBlocked(source, ctx, target, whole, error)];
  }
  const outcomes: UnitOutcome[] = [];
  let stopped: unknown;
  for (const unit of units) {
    if (stopped) {
      outcomes.push({ ...unitBase(target, unit), status: 'failed', error: stopped, failedStep: 'fetch' });
      continue;
    }
    const outcome = await runUnit(source, ctx, target, unit, options);
    outcomes.push(outcome);
    if (outcome.status === 'failed' && stopsTheRun(outcome.error)) stopped = outcome.error;
  }
  if (stopped) return outcomes;
  await validatePeriods(source, ctx, target, outcomes);
  if (source.complete?.(target))
    outcomes.push(...(await retireVanished(source, ctx, target, units, options)));
  return outcomes;
}

/** Periods published from this source that its delivery no longer holds: reported, or with --prune removed. */
async function retireVanished<T extends Target, U extends Unit, S extends Staged>(
  source: Source<T, U, S>,
  ctx: LoadContext,
  target: T,
  units: U[],
  options: RunOptions,
): Promise<UnitOutcome[]> {
  const gone = await vanishedPeriods(
    ctx.warehouse,
    source.type,
    target.name,
    units.map((u) => u.period),
  );
  const outcomes: UnitOutcome[] = [];
  for (const period of gone) {
    const base = { source: target.name, period, versionId: '', files: 0, bytes: 0 };
    if (options.prune && !options.dryRun) {
      const forgotten = await forgetPeriod(
        ctx.warehouse,
        source,
        target.name,
        period,
        `no longer delivered at ${target.location}`,
      );
      ctx.logger.warn(
        `${target.name} ${period}: no longer delivered; removed ${forgotten.rows} row(s) (--prune)`,
      );
      outcomes.push({ ...base, status: 'forgotten', rows: forgotten.rows });
    } else {
      ctx.logger.warn(
        `${target.name} ${period}: published earlier, but ${target.location} no longer holds it; ` +
          `finops forget --name ${target.name} --period ${period} removes it (or import with --prune)`,
      );
      outcomes.push({ ...base, status: 'vanished' });
    }
  }
  return outcomes;
}

/** The source's plan, with the version each unit has in the warehouse. */
export async function planUnits<T extends Target, U extends Unit, S extends Staged>(
  source: Source<T, U, S>,
  ctx: PlanContext,
  target: T,
): Promise<U[]> {
  const units = await source.plan(ctx, target);
  if (units.length === 0) {
    // A location that holds nothing to load is a mistake to report, not an empty success.
    throw inputError(`found nothing to load at ${target.location}`, {
      hint: source.emptyHint ?? 'check the location, its prefix and the period range',
    });
  }
  for (const unit of units) {
    if (unit.blocked || unit.loadedVersion !== undefined) continue;
    unit.loadedVersion = await publishedVersion(
      ctx.warehouse,
      source.type,
      target.name,
      unit.period,
      unit.part,
    );
    if (!ctx.allowDuplicate && unit.versionId && !unit.deferred && !unit.superseded) {
      unit.blocked = await duplicateOf(ctx, source.type, target.name, unit);
    }
  }
  return units;
}

/** Refuses a unit whose very delivery another source already published: it would be counted twice. */
async function duplicateOf(ctx: PlanContext, sourceType: string, sourceName: string, unit: Unit) {
  const other = await publishedElsewhere(ctx.warehouse, sourceType, sourceName, unit.period, unit.versionId);
  if (!other) return undefined;
  const where = [unit.period, other.part].filter(Boolean).join(' ');
  return inputError(
    `this delivery is already published as source "${other.source_name}" (${where}, version ${unit.versionId}); loading it as "${sourceName}" too would count its cost twice`,
    {
      hint: `import it under the name it has (${other.source_name}), remove that one with finops forget --name ${other.source_name}, or pass --allow-duplicate if both really are bills`,
    },
  );
}

export type UnitState = 'broken' | 'superseded' | 'updating' | 'loaded' | 'changed' | 'new';

/** What the warehouse holds of a planned unit, for listings. */
export function unitState(unit: Unit): UnitState {
  if (unit.blocked) return 'broken';
  if (unit.superseded) return 'superseded';
  if (unit.deferred) return 'updating';
  if (unit.loadedVersion === undefined) return 'new';
  return unit.loadedVersion === unit.versionId ? 'loaded' : 'changed';
}

async function runUnit<T extends Target, U extends Unit, S extends Staged>(
  source: Source<T, U, S>,
  ctx: LoadContext,
  target: T,
  unit: U,
  options: RunOptions,
): Promise<UnitOutcome> {
  const base = unitBase(target, unit);
  const what = describeUnit(target, unit);
  for (const note of unit.notes ?? []) ctx.logger.info(`${what}: ${note}`);
  if (unit.blocked) {
    if (options.dryRun) return { ...base, status: 'failed', error: unit.blocked, failedStep: 'plan' };
    return recordBlocked(source, ctx, target, unit, unit.blocked);
  }
  if (unit.superseded) return { ...base, status: 'superseded' };
  if (unit.deferred) {
    ctx.logger.info(`${what}: skipped: ${unit.deferred}`);
    return { ...base, status: 'skipped', notes: [...(unit.notes ?? []), unit.deferred] };
  }
  if (unit.loadedVersion === unit.versionId && !options.force) {
    ctx.logger.info(`${what}: version ${unit.versionId} is already loaded; nothing to do (--force reloads)`);
    return { ...base, status: 'unchanged' };
  }
  if (options.dryRun) return { ...base, status: 'would load' };
  const started = performance.now();
  try {
    const published = await publishUnit(source, ctx, target, unit, !!options.force);
    ctx.progress.finish(`${what}: loaded ${published.rows} rows from ${published.files.length} file(s)`);
    return {
      ...base,
      status: 'loaded',
      files: published.files.length,
      bytes: published.bytes,
      rows: published.rows,
      costTotals: published.costTotals,
      loadId: published.loadId,
      ms: performance.now() - started,
    };
  } catch (error) {
    const failure = error instanceof UnitFailure ? error : undefined;
    const cause = failure ? failure.cause : error;
    ctx.logger.error(`${what}: ${failure ? `${failure.step}: ` : ''}${errorMessage(cause)}`);
    return {
      ...base,
      status: 'failed',
      error: cause,
      failedStep: failure?.step,
      loadId: failure?.loadId,
      ms: performance.now() - started,
    };
  }
}

function unitBase(target: Target, unit: Unit) {
  return {
    source: target.name,
    period: unit.period,
    part: unit.part,
    versionId: unit.versionId,
    manifestKey: unit.manifestKey,
    files: unit.files,
    bytes: unit.bytes,
    notes: unit.notes,
  };
}

/** A unit (or a whole source) that cannot be planned still gets its ledger row. */
async function recordBlocked<T extends Target>(
  source: Pick<Source, 'type' | 'tables'>,
  ctx: LoadContext,
  target: T,
  unit: Pick<Unit, 'period' | 'part' | 'versionId' | 'manifestKey' | 'files' | 'bytes' | 'notes'>,
  error: unknown,
): Promise<UnitOutcome> {
  ctx.logger.error(`${describeUnit(target, unit)}: ${errorMessage(error)}`);
  const loadId = await beginLoad(ctx.warehouse, {
    sourceType: source.type,
    sourceName: target.name,
    billingPeriod: unit.period,
    location: target.location,
    manifestKey: unit.manifestKey,
    part: unit.part,
    versionId: unit.versionId || '(not loadable)',
    targetTable: '',
    forced: false,
  });
  await recordFailure(ctx.warehouse, loadId, errorMessage(error), 'plan');
  return {
    source: target.name,
    period: unit.period,
    part: unit.part,
    versionId: unit.versionId,
    files: unit.files,
    bytes: unit.bytes,
    notes: unit.notes,
    status: 'failed',
    error,
    failedStep: 'plan',
    loadId,
  };
}

/** One validation per period over the loads this run published there; each load's ledger row gets it. */
async function validatePeriods<T extends Target>(
  source: Pick<Source<T, Unit, Staged>, 'tables' | 'applicability' | 'validationHint'>,
  ctx: LoadContext,
  target: T,
  outcomes: UnitOutcome[],
): Promise<void> {
  const loaded = outcomes.filter((o) => o.status === 'loaded' && o.loadId !== undefined);
  for (const period of new Set(loaded.map((o) => o.period))) {
    const inPeriod = loaded.filter((o) => o.period === period);
    const summary = await ctx.progress.step(
      `validate ${target.name} ${period}`,
      () =>
        validateLoads(
          ctx.warehouse,
          {
            table: periodTable(source.tables.focus, period),
            sourceName: target.name,
            loadIds: inPeriod.map((o) => o.loadId as number),
            period,
            applicability: source.applicability,
            hint: source.validationHint?.(target, period),
          },
          ctx.logger,
        ),
      () => ({ fraction: ctx.warehouse.statementProgress() }),
    );
    for (const o of inPeriod) o.validation = summary;
  }
}

function describeUnit(target: Target, unit: Pick<Unit, 'period' | 'part'>): string {
  return [target.name, unit.period === WHOLE_SOURCE ? '' : unit.period, unit.part].filter(Boolean).join(' ');
}
