/**
 * Publishes one unit of work, the same way for every source: the ledger row first (so any failure is on
 * record), then fetch, stage, normalize to FOCUS and the tag policy, each timed; then, in one
 * transaction, the stages take their places by the source's disposition, the source reconciles what is
 * published against what it read, and the ledger records success. A failure at any step drops the
 * load's stage tables, records the step and the reason, and leaves the published data as it was.
 */
import path from 'node:path';
import { errorMessage } from '../errors.ts';
import { applyTagPolicy } from '../govern/apply-tag-policy.ts';
import type { Progress, StepProbe } from '../progress.ts';
import type {
  LoadContext,
  Source,
  SourceTables,
  Staged,
  StageTables,
  Target,
  Unit,
  UnitContext,
} from '../sources/source.ts';
import { checkFreeSpace, MIN_WRITE_BYTES } from '../warehouse/disk-space.ts';
import { beginLoad, type LoadOutcome, recordFailure, recordSuccess } from '../warehouse/ledger.ts';
import { periodTableName } from '../warehouse/period-tables.ts';
import { qualified } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { normalizeCurrencies } from './currency.ts';
import { explainEngineError } from './engine-errors.ts';
import type { Step } from './outcome.ts';
import { dropLoadStages, placeStages, stageNames } from './place.ts';
import { ledgerOutcome } from './totals.ts';

export interface PublishedUnit extends LoadOutcome {
  loadId: number;
}

/** A unit's failure, with the step it happened in; `cause` is the original error. */
export class UnitFailure extends Error {
  constructor(
    readonly step: Step,
    readonly loadId: number,
    override readonly cause: unknown,
  ) {
    super(errorMessage(cause), { cause });
    this.name = 'UnitFailure';
  }
}

export async function publishUnit<T extends Target, U extends Unit, S extends Staged>(
  source: Source<T, U, S>,
  ctx: LoadContext,
  target: T,
  unit: U,
  force: boolean,
): Promise<PublishedUnit> {
  const w = ctx.warehouse;
  const loadId = await beginLoad(w, {
    sourceType: source.type,
    sourceName: target.name,
    billingPeriod: unit.period,
    location: target.location,
    manifestKey: unit.manifestKey,
    part: unit.part,
    versionId: unit.versionId,
    targetTable: targetTable(source, unit.period),
    forced: force,
  });
  const u: UnitContext<T> = { ...ctx, target, loadId, force };
  const names = stageNames(source, unit.period, loadId);
  const into: StageTables = {
    raw: source.tables.raw && names.raw && qualified(source.tables.raw.schema, names.raw),
    focus: qualified(source.tables.focus.schema, names.focus),
    work: (suffix) => qualified(source.tables.focus.schema, `${names.focus}_${suffix}`),
  };
  const clock = new Stopwatch(ctx.progress, describeUnit(target, unit), () => ({
    fraction: w.statementProgress(),
  }));
  try {
    checkRoomFor(w, unit);
    const files = await clock.time('fetch', () => source.fetch(u, unit));
    const staged = await clock.time('stage', () => source.stage(u, unit, files, into));
    await clock.time('normalize', async () => {
      await source.normalize(u, unit, staged, into);
      await normalizeCurrencies(w, into.focus);
      await applyTagPolicy(w, into.focus, ctx.tagPolicy);
    });
    const outcome = await clock.time('publish', () =>
      w.transaction(async () => {
        await placeStages(w, source, u, unit, names);
        await source.reconcile(u, unit, staged);
        await source.afterSwap?.(u, unit, staged);
        const result = ledgerOutcome(files, staged, clock.times());
        await recordSuccess(w, loadId, result);
        return result;
      }),
    );
    return { ...outcome, loadId };
  } catch (raw) {
    const error = explainEngineError(raw);
    await dropLoadStages(w, source, loadId).catch(() => undefined);
    await recordFailure(w, loadId, errorMessage(error), clock.current).catch(() => undefined);
    throw new UnitFailure(clock.current, loadId, error);
  }
}

/**
 * Room to stage and publish the unit: about three times its delivered bytes (staged rows, FOCUS rows,
 * the swap), where the warehouse lives and where it spills.
 */
function checkRoomFor(w: Warehouse, unit: Unit): void {
  if (w.path === ':memory:') return;
  const need = Math.max(MIN_WRITE_BYTES, 3 * unit.bytes);
  checkFreeSpace(path.dirname(path.resolve(w.path)), need, `loading ${unit.period}`);
  if (w.tempDirectory) checkFreeSpace(w.tempDirectory, MIN_WRITE_BYTES, `spilling ${unit.period}`);
}

function targetTable(source: { tables: SourceTables }, period: string): string {
  const set = source.tables.raw ?? source.tables.focus;
  return `${set.schema}.${periodTableName(set, period)}`;
}

const describeUnit = (target: Target, unit: Unit) =>
  [target.name, unit.period, unit.part].filter(Boolean).join(' ');

/**
 * One clock for every step of a load: what each took, and which one is running; the steps after fetch
 * (which shows its own files and bytes) are shown as progress, with how far DuckDB is.
 */
class Stopwatch {
  current: Step = 'fetch';
  private readonly ms: Partial<Record<Step, number>> = {};
  private started = performance.now();

  constructor(
    private readonly progress: Progress,
    private readonly unit: string,
    private readonly probe: StepProbe,
  ) {}

  async time<R>(step: Step, work: () => Promise<R>): Promise<R> {
    this.current = step;
    this.started = performance.now();
    const result =
      step === 'fetch' ? await work() : await this.progress.step(`${step} ${this.unit}`, work, this.probe);
    this.ms[step] = performance.now() - this.started;
    return result;
  }

  /** The steps so far; the running step (publish, when the ledger records success) counts until now. */
  times(): Pick<LoadOutcome, 'fetchMs' | 'stageMs' | 'normalizeMs' | 'publishMs'> {
    const running = performance.now() - this.started;
    return {
      fetchMs: this.ms.fetch ?? 0,
      stageMs: this.ms.stage ?? 0,
      normalizeMs: this.ms.normalize ?? 0,
      publishMs: this.ms.publish ?? (this.current === 'publish' ? running : 0),
    };
  }
}
