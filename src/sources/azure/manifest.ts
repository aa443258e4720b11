/**
 * An export run's `manifest.json`, as Cost Management writes it beside the run's data: what was
 * exported (exportConfig: name, scope resource id, dataset type and version), how it was delivered
 * (deliveryConfig: partitioned, overwrite or new report, format, compression), the run (runInfo: id,
 * submitted time, the dates it covers) and its blobs with byte and row counts. Older manifests
 * (manifestVersion 2021-01-01) carry only the blobs; what they lack is read from the blob paths
 * (`<root>/<export>/<YYYYMMDD-YYYYMMDD>/[<YYYYMMDDHHMM>/]<runId>/...`).
 */
import { z } from 'zod';
import { type BillingPeriod, periodFromLabel } from '../../billing-period.ts';
import { inputError } from '../../errors.ts';

const count = z.coerce.number().int().min(0);

const manifestSchema = z.object({
  manifestVersion: z.string().optional(),
  dataFormat: z.string().optional(),
  byteCount: count.optional(),
  blobCount: count.optional(),
  dataRowCount: count.optional(),
  exportConfig: z
    .object({
      exportName: z.string().optional(),
      resourceId: z.string().optional(),
      dataVersion: z.string().optional(),
      type: z.string().optional(),
      timeFrame: z.string().optional(),
    })
    .loose()
    .optional(),
  deliveryConfig: z
    .object({
      partitionData: z.boolean().optional(),
      dataOverwriteBehavior: z.string().optional(),
      fileFormat: z.string().optional(),
      compressionMode: z.string().optional(),
      rootFolderPath: z.string().optional(),
    })
    .loose()
    .optional(),
  runInfo: z
    .object({
      executionType: z.string().optional(),
      submittedTime: z.string().optional(),
      runId: z.string().optional(),
      startDate: z.string().optional(),
      endDate: z.string().optional(),
    })
    .loose()
    .optional(),
  blobs: z.array(
    z
      .object({ blobName: z.string().min(1), byteCount: count.optional(), dataRowCount: count.optional() })
      .loose(),
  ),
});

/** The three datasets this source reads; `Usage` (the legacy name of actual cost) counts as ActualCost. */
export type AzureDataset = 'FocusCost' | 'ActualCost' | 'AmortizedCost';

export interface RunBlob {
  /** As the manifest names it (relative to the container). */
  blobName: string;
  byteCount?: number;
  dataRowCount?: number;
}

export interface ExportRun {
  manifestKey: string;
  exportName: string;
  /** The scope the export runs at (subscription, billing account, ...), or `export:<name>` when unknown. */
  scope: string;
  dataset: AzureDataset;
  /** True when the manifest does not say and the dataset was taken from the export's name. */
  datasetGuessed: boolean;
  dataVersion?: string;
  runId: string;
  /** ISO time; runs of the same scope and dataset are ordered by it. */
  submittedTime: string;
  period: BillingPeriod;
  /** Days the run covers, `YYYY-MM-DD`, both included. */
  firstDay: string;
  lastDay: string;
  overwrite: boolean;
  partitioned?: boolean;
  blobCount: number;
  dataRowCount?: number;
  blobs: RunBlob[];
}

export interface ManifestContext {
  manifestKey: string;
  /** For messages. */
  url: string;
  lastModified?: Date;
}

export function parseManifest(text: string, ctx: ManifestContext): ExportRun {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw inputError(`the manifest is not valid JSON: ${(error as Error).message}`, {
      file: ctx.url,
      cause: error,
    });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw inputError(
      `the manifest is not a Cost Management export manifest: ${issue?.path.join('.') || '(top)'}: ${issue?.message}`,
      {
        file: ctx.url,
      },
    );
  }
  const m = parsed.data;
  const paths = [ctx.manifestKey, ...m.blobs.map((b) => b.blobName)];
  const exportName = m.exportConfig?.exportName ?? exportNameFromPath(ctx.manifestKey) ?? 'export';
  const period = periodOf(m.runInfo?.startDate, paths, ctx.url);
  const { dataset, guessed } = datasetOf(m.exportConfig?.type, exportName, ctx.url);
  return {
    manifestKey: ctx.manifestKey,
    exportName,
    scope: scopeOf(m.exportConfig?.resourceId) ?? `export:${exportName}`,
    dataset,
    datasetGuessed: guessed,
    dataVersion: m.exportConfig?.dataVersion,
    runId: m.runInfo?.runId ?? runIdFromPath(ctx.manifestKey) ?? ctx.manifestKey,
    submittedTime: submittedOf(m.runInfo?.submittedTime, ctx),
    period,
    ...coverage(m.runInfo?.startDate, m.runInfo?.endDate, period),
    overwrite: /overwrite/i.test(m.deliveryConfig?.dataOverwriteBehavior ?? ''),
    partitioned: m.deliveryConfig?.partitionData,
    blobCount: m.blobCount ?? m.blobs.length,
    dataRowCount: m.dataRowCount,
    blobs: m.blobs.map((b) => ({
      blobName: b.blobName,
      byteCount: b.byteCount,
      dataRowCount: b.dataRowCount,
    })),
  };
}

/** `/subscriptions/x/providers/Microsoft.CostManagement/exports/daily` -> `/subscriptions/x`, lowercased. */
function scopeOf(resourceId?: string): string | undefined {
  if (!resourceId) return undefined;
  const scope = resourceId.replace(/\/providers\/Microsoft\.CostManagement\/exports\/[^/]+\/?$/i, '');
  return scope.toLowerCase() || '/';
}

function datasetOf(type: string | undefined, exportName: string, url: string) {
  const t = (type ?? '').toLowerCase();
  if (t === 'focuscost') return { dataset: 'FocusCost' as const, guessed: false };
  if (t === 'actualcost' || t === 'usage') return { dataset: 'ActualCost' as const, guessed: false };
  if (t === 'amortizedcost') return { dataset: 'AmortizedCost' as const, guessed: false };
  if (t) {
    throw inputError(`the export's dataset ${JSON.stringify(type)} is not one this tool reads`, {
      file: url,
      hint: 'export FocusCost, ActualCost or AmortizedCost',
    });
  }
  if (/focus/i.test(exportName)) return { dataset: 'FocusCost' as const, guessed: true };
  if (/amorti[sz]ed/i.test(exportName)) return { dataset: 'AmortizedCost' as const, guessed: true };
  return { dataset: 'ActualCost' as const, guessed: true };
}

const rangeFolder = /(?:^|\/)(\d{4})(\d{2})(\d{2})-(\d{8})\//;

function periodOf(startDate: string | undefined, paths: string[], url: string): BillingPeriod {
  const fromRun = /^(\d{4})-(\d{2})/.exec(startDate ?? '');
  if (fromRun) return periodFromLabel(`${fromRun[1]}-${fromRun[2]}`);
  for (const p of paths) {
    const m = rangeFolder.exec(p);
    if (m) return periodFromLabel(`${m[1]}-${m[2]}`);
  }
  throw inputError(
    'the manifest names no dates (runInfo.startDate) and its blobs sit in no YYYYMMDD-YYYYMMDD folder',
    {
      file: url,
    },
  );
}

/** The days a run covers: runInfo's dates (clipped to the month), or the whole month. */
function coverage(start: string | undefined, end: string | undefined, period: BillingPeriod) {
  const lastOfMonth = new Date(Date.parse(`${period.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const day = (s?: string) => /^\d{4}-\d{2}-\d{2}/.exec(s ?? '')?.[0];
  const first = day(start);
  const last = day(end);
  return {
    firstDay: first && first > period.start ? first : period.start,
    lastDay: last && last < lastOfMonth ? last : lastOfMonth,
  };
}

function submittedOf(submitted: string | undefined, ctx: ManifestContext): string {
  if (submitted && !Number.isNaN(Date.parse(submitted))) return new Date(Date.parse(submitted)).toISOString();
  const stamp = /\/(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})\//.exec(ctx.manifestKey);
  if (stamp) return `${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:00.000Z`;
  return (ctx.lastModified ?? new Date(0)).toISOString();
}

function exportNameFromPath(key: string): string | undefined {
  const parts = key.split('/');
  const i = parts.findIndex((p) => /^\d{8}-\d{8}$/.test(p));
  return i > 0 ? parts[i - 1] : undefined;
}

function runIdFromPath(key: string): string | undefined {
  return /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//i.exec(key)?.[1];
}
