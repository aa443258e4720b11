/**
 * Loads one billing period of one CUR export: fetch, stage, then in one transaction swap the stage into
 * place, reconcile, record lineage and the ledger. Any failure leaves the previous version untouched and
 * a `failed` row in the ledger that says why.
 */
import { errorMessage, inputError } from '../../errors.ts';
import { cloudApplicability } from '../../focus/applicability.ts';
import { validateLoads } from '../../focus/load-validation.ts';
import { applyTagPolicy } from '../../govern/apply-tag-policy.ts';
import type { TagPolicy } from '../../govern/policy.ts';
import type { Logger } from '../../log.ts';
import { addDecimal } from '../../money.ts';
import type { Progress } from '../../progress.ts';
import type { DownloadCache } from '../../stores/cache.ts';
import { type ObjectStore, objectUrl } from '../../stores/store.ts';
import {
  beginLoad,
  type LoadedFile,
  type LoadOutcome,
  recordFailure,
  recordSuccess,
  type ValidationSummary,
} from '../../warehouse/ledger.ts';
import { dropTable, periodTableName, stageTableName, swapInStage } from '../../warehouse/period-tables.ts';
import { reconcile, type SliceSpec, type SliceTotal, sliceTotals } from '../../warehouse/reconcile.ts';
import { qualified } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { fetchFiles } from '../fetch-files.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { type PeriodPlan, SOURCE_TYPE } from './plan.ts';
import { type StageResult, stage } from './stage.ts';
import { focusAwsTables, rawTables } from './tables.ts';
import { stageFocus } from './to-focus.ts';

const COST = 'line_item_unblended_cost';
const CURRENCY = 'line_item_currency_code';

export interface LoadContext {
  warehouse: Warehouse;
  cache: DownloadCache;
  store: ObjectStore;
  sourceName: string;
  location: string;
  force: boolean;
  progress: Progress;
  logger: Logger;
  tagPolicy?: TagPolicy;
}

export interface LoadReport extends LoadOutcome {
  loadId: number;
  validation?: ValidationSummary;
}

export async function loadPeriod(ctx: LoadContext, plan: PeriodPlan): Promise<LoadReport> {
  const report = await publishPeriod(ctx, plan);
  const period = plan.delivery.period.label;
  const validation = await validateLoads(
    ctx.warehouse,
    {
      table: qualified(focusAwsTables.schema, periodTableName(focusAwsTables, period)),
      sourceName: ctx.sourceName,
      loadIds: [report.loadId],
      period,
      applicability: cloudApplicability,
    },
    ctx.logger,
  );
  return { ...report, validation };
}

async function publishPeriod(ctx: LoadContext, plan: PeriodPlan): Promise<LoadReport> {
  const w = ctx.warehouse;
  const { delivery } = plan;
  const period = delivery.period.label;
  const loadId = await beginLoad(w, {
    sourceType: SOURCE_TYPE,
    sourceName: ctx.sourceName,
    billingPeriod: period,
    location: ctx.location,
    manifestKey: delivery.manifestKey,
    versionId: delivery.versionId,
    targetTable: `${rawTables.schema}.${periodTableName(rawTables, period)}`,
    forced: ctx.force,
  });
  const rawStage = stageTableName(rawTables, period, loadId);
  const focusStage = stageTableName(focusAwsTables, period, loadId);
  try {
    const started = performance.now();
    ctx.progress.start(`fetch ${period}`, { files: plan.objects.length, bytes: plan.bytes });
    const files = await fetchFiles(ctx.cache, ctx.store, plan.objects, ctx.progress);
    const fetched = performance.now();
    ctx.logger.info(`stage ${period}: reading ${files.length} file(s) into DuckDB`);
    const staged = await stageAndCheck(ctx, plan, files, loadId, qualified(rawTables.schema, rawStage));
    const rawStagedAt = performance.now();
    await stageFocus(w, {
      raw: qualified(rawTables.schema, rawStage),
      target: qualified(focusAwsTables.schema, focusStage),
      sourceName: ctx.sourceName,
      sourceVersion: delivery.versionId,
      loadId,
    });
    await applyTagPolicy(w, qualified(focusAwsTables.schema, focusStage), ctx.tagPolicy);
    const stagedAt = performance.now();
    const outcome = await w.transaction(async () => {
      await swapInStage(w, rawTables, period, rawStage, ctx.sourceName);
      await swapInStage(w, focusAwsTables, period, focusStage, ctx.sourceName);
      await reconcilePublished(ctx, period, staged.totals);
      await replaceLineage(w, ctx.sourceName, period, staged.lineage);
      const times = {
        fetchMs: fetched - started,
        stageMs: rawStagedAt - fetched,
        normalizeMs: stagedAt - rawStagedAt,
        publishMs: performance.now() - stagedAt,
      };
      const result = outcomeOf(files, staged.totals, times);
      await recordSuccess(w, loadId, result);
      return result;
    });
    return { ...outcome, loadId };
  } catch (error) {
    await dropTable(w, rawTables.schema, rawStage).catch(() => undefined);
    await dropTable(w, focusAwsTables.schema, focusStage).catch(() => undefined);
    await recordFailure(w, loadId, errorMessage(error)).catch(() => undefined);
    throw error;
  }
}

const rawSlice = (table: string, sourceName: string): SliceSpec => ({
  table,
  sourceColumn: rawTables.sourceColumn,
  sourceName,
  costColumn: COST,
  currencyColumn: CURRENCY,
  fileColumn: 'finops_source_file',
});

/**
 * What is published must be what was read: per file, the raw rows and unblended cost; per currency,
 * the FOCUS BilledCost (the synthetic Unused commitment rows bill nothing and are not counted as rows).
 */
async function reconcilePublished(ctx: LoadContext, period: string, staged: SliceTotal[]): Promise<void> {
  const w = ctx.warehouse;
  const raw = qualified(rawTables.schema, periodTableName(rawTables, period));
  reconcile(staged, await sliceTotals(w, rawSlice(raw, ctx.sourceName)), `${period} (raw)`);
  const focus = await sliceTotals(w, {
    table: qualified(focusAwsTables.schema, periodTableName(focusAwsTables, period)),
    sourceColumn: focusAwsTables.sourceColumn,
    sourceName: ctx.sourceName,
    costColumn: 'BilledCost',
    currencyColumn: 'BillingCurrency',
    rowFilter: `"CommitmentDiscountStatus" IS DISTINCT FROM 'Unused'`,
  });
  reconcile(perCurrency(staged), focus, `${period} (FOCUS BilledCost)`);
}

function perCurrency(totals: SliceTotal[]): SliceTotal[] {
  const byCurrency = new Map<string, SliceTotal>();
  for (const t of totals) {
    const sum = byCurrency.get(t.currency);
    byCurrency.set(
      t.currency,
      sum ? { ...sum, rows: sum.rows + t.rows, cost: addDecimal(sum.cost, t.cost) } : { ...t, file: '' },
    );
  }
  return [...byCurrency.values()].map((t) => ({ ...t, cost: normalizeScale(t.cost) }));
}

/** DuckDB prints DECIMAL(38,10) with ten fractional digits; sums made here must compare equal to it. */
function normalizeScale(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(10, '0').slice(0, 10)}`;
}

async function stageAndCheck(
  ctx: LoadContext,
  plan: PeriodPlan,
  files: LocalDataFile[],
  loadId: number,
  table: string,
): Promise<StageResult & { totals: SliceTotal[] }> {
  const result = await stage(ctx.warehouse, {
    table,
    delivery: plan.delivery,
    files,
    sourceName: ctx.sourceName,
    loadId,
  });
  await checkColumns(ctx.warehouse, table, files);
  await checkPeriod(ctx, plan, table);
  return { ...result, totals: await sliceTotals(ctx.warehouse, rawSlice(table, ctx.sourceName)) };
}

async function checkColumns(w: Warehouse, table: string, files: LocalDataFile[]): Promise<void> {
  const rows = await w.all<{ name: string }>(`SELECT column_name AS name FROM (DESCRIBE ${table})`);
  const have = new Set(rows.map((r) => r.name));
  for (const required of [COST, CURRENCY, 'bill_billing_period_start_date']) {
    if (!have.has(required)) {
      throw inputError(`this is not a Cost and Usage Report: the column ${required} is missing`, {
        file: files[0]?.url,
      });
    }
  }
}

/** Every row of a period's delivery belongs to that billing period; anything else is a broken delivery. */
async function checkPeriod(ctx: LoadContext, plan: PeriodPlan, table: string): Promise<void> {
  const stray = await ctx.warehouse.one<{ file: string; period: string; n: number }>(
    `SELECT finops_source_file AS file, strftime(bill_billing_period_start_date, '%Y-%m') AS period,
            count(*)::INTEGER AS n
     FROM ${table}
     WHERE bill_billing_period_start_date IS DISTINCT FROM $start::TIMESTAMPTZ
     GROUP BY ALL ORDER BY n DESC LIMIT 1`,
    { start: plan.delivery.period.start },
  );
  if (stray) {
    throw inputError(
      `${stray.n} row(s) belong to billing period ${stray.period ?? '(none)'}, but the delivery is for ${plan.delivery.period.label}`,
      { file: objectUrl(ctx.store, stray.file) },
    );
  }
}

async function replaceLineage(
  w: Warehouse,
  sourceName: string,
  period: string,
  lineage: StageResult['lineage'],
) {
  await w.run(
    'DELETE FROM aws_billing.column_lineage WHERE source_name = $sourceName AND billing_period = $period',
    {
      sourceName,
      period,
    },
  );
  const seen = new Set<string>();
  for (const l of lineage) {
    if (seen.has(l.header)) continue;
    seen.add(l.header);
    await w.run(
      `INSERT INTO aws_billing.column_lineage VALUES ($sourceName, $period, $header, $column, $mapKey)`,
      { sourceName, period, header: l.header, column: l.column, mapKey: l.mapKey },
    );
  }
}

function outcomeOf(
  files: LocalDataFile[],
  totals: SliceTotal[],
  times: Pick<LoadOutcome, 'fetchMs' | 'stageMs' | 'normalizeMs' | 'publishMs'>,
): LoadOutcome {
  const rowsByFile = new Map<string, number>();
  const costTotals: Record<string, string> = {};
  for (const t of totals) {
    rowsByFile.set(t.file, (rowsByFile.get(t.file) ?? 0) + t.rows);
    costTotals[t.currency] = addDecimal(costTotals[t.currency] ?? '0', t.cost);
  }
  const loaded: LoadedFile[] = files.map((f) => ({
    key: f.key,
    size: f.size,
    etag: f.etag,
    rows: rowsByFile.get(f.key) ?? 0,
  }));
  return {
    files: loaded,
    bytes: files.reduce((s, f) => s + f.size, 0),
    rows: loaded.reduce((s, f) => s + f.rows, 0),
    costTotals,
    ...times,
  };
}
