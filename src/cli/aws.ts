/**
 * `finops aws list-manifests` and `finops aws import-cur`: AWS Cost and Usage Reports (legacy CUR and
 * CUR 2.0) from S3, an S3-compatible store or a local folder into the warehouse.
 */
import type { Command } from 'commander';
import { type AwsExportTarget, resolveAwsExports } from '../config/aws.ts';
import type { AwsExportSettings } from '../config/schema.ts';
import { errorMessage, FinopsError } from '../errors.ts';
import { formatBytes, formatCostTotals, formatDuration, formatValidation } from '../format.ts';
import type { CurExportRef } from '../sources/aws-cur/discover.ts';
import { importCur, type PeriodOutcome } from '../sources/aws-cur/import.ts';
import { isBlocked, planImport } from '../sources/aws-cur/plan.ts';
import { openStore } from '../stores/open-store.ts';
import type { Context } from './context.ts';
import { reportFailures } from './failures.ts';
import { defaultFormat, printTable, stdout } from './output.ts';
import { action } from './run.ts';

interface ExportFlags {
  source?: string;
  bucket?: string;
  prefix?: string;
  exportName?: string;
  curVersion?: string;
  startDate?: string;
  endDate?: string;
  region?: string;
  endpoint?: string;
  format?: string;
}

interface ImportFlags extends ExportFlags {
  force?: boolean;
  dryRun?: boolean;
  wait?: string;
}

function exportOptions(command: Command): Command {
  return command
    .option('--source <location>', 's3://bucket/prefix or a local folder (instead of --bucket/--prefix)')
    .option('--bucket <bucket>', 'S3 bucket the export is delivered to')
    .option('--prefix <prefix>', 'S3 prefix of the export (the path before the export name)')
    .option('--export-name <name>', 'the export (report) name, or the name of an export in config.toml')
    .option('--cur-version <v1|v2>', 'v1 = legacy CUR, v2 = CUR 2.0 (Data Exports); default: detect')
    .option('--start-date <YYYY-MM>', 'first billing period')
    .option('--end-date <YYYY-MM>', 'last billing period')
    .option('--region <region>', 'AWS region of the bucket')
    .option('--endpoint <url>', 'endpoint of an S3-compatible store (MinIO, R2, OSS, ...)')
    .option('--format <format>', 'table, csv, json or ndjson');
}

export function registerAwsCommands(aws: Command): void {
  exportOptions(aws.command('list-manifests'))
    .description(
      'list billing periods with their current manifest and whether the warehouse has that version',
    )
    .addHelpText(
      'after',
      `
Examples:
  finops aws list-manifests --bucket my-billing --prefix cur --export-name monthly-cur
  finops aws list-manifests --source ./sample-cur --export-name finops-demo --start-date 2024-01`,
    )
    .action(action<ExportFlags>(listManifests));

  exportOptions(aws.command('import-cur'))
    .description('import CUR billing periods into the warehouse (skips versions already loaded)')
    .option('--force', 'reload periods even when their version is already loaded')
    .option('--dry-run', 'show what would be loaded, change nothing')
    .option('--wait <seconds>', 'wait this long for another process that holds the warehouse')
    .addHelpText(
      'after',
      `
Examples:
  finops aws import-cur --source s3://my-billing/cur --export-name monthly-cur
  finops aws import-cur --source ./sample-cur --export-name finops-demo --cur-version v1 --force
  finops aws import-cur                     # every export configured in config.toml`,
    )
    .action(action<ImportFlags>(importCommand));
}

function toSettings(flags: ExportFlags): AwsExportSettings {
  return {
    source: flags.source,
    bucket: flags.bucket,
    prefix: flags.prefix,
    export_name: flags.exportName,
    cur_version: flags.curVersion as AwsExportSettings['cur_version'],
    start_date: flags.startDate,
    end_date: flags.endDate,
    region: flags.region,
    endpoint: flags.endpoint,
  };
}

function exportRef(ctx: Context, target: AwsExportTarget): CurExportRef {
  const { store, prefix } = openStore(target.location, {
    s3: target.s3,
    retry: ctx.retry,
    logger: ctx.logger,
  });
  return {
    store,
    prefix: [prefix, target.prefix].filter(Boolean).join('/'),
    exportName: target.exportName,
    curVersion: target.curVersion,
    startDate: target.startDate,
    endDate: target.endDate,
  };
}

async function listManifests(ctx: Context, flags: ExportFlags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const targets = resolveAwsExports(ctx.config, toSettings(flags));
  const w = await ctx.openForReading();
  const rows = [];
  try {
    for (const target of targets) {
      for (const p of await planImport(exportRef(ctx, target), target.name, w)) {
        if (isBlocked(p)) {
          rows.push([
            target.name,
            p.period.label,
            null,
            p.versionId ?? null,
            p.manifestKey,
            null,
            null,
            `error: ${errorMessage(p.error)}`,
          ]);
          continue;
        }
        rows.push([
          target.name,
          p.delivery.period.label,
          p.delivery.curVersion,
          p.delivery.versionId,
          p.delivery.manifestKey ?? '(no manifest: Athena delivery)',
          p.objects.length,
          format === 'table' ? formatBytes(p.bytes) : p.bytes,
          p.loadedVersion === p.delivery.versionId ? 'yes' : p.loadedVersion ? 'older version' : 'no',
        ]);
      }
    }
  } finally {
    w.close();
  }
  const columns = [
    'source',
    'billing_period',
    'cur_version',
    'version_id',
    'manifest',
    'files',
    'bytes',
    'loaded',
  ];
  printTable({ columns, rows }, format);
}

async function importCommand(ctx: Context, flags: ImportFlags): Promise<number> {
  const format = defaultFormat(stdout, flags.format);
  const targets = resolveAwsExports(ctx.config, toSettings(flags));
  const wait = flags.wait === undefined ? undefined : Number(flags.wait);
  if (wait !== undefined && !(wait >= 0))
    throw new FinopsError('--wait takes a number of seconds', { kind: 'usage' });
  const w = flags.dryRun ? await ctx.openForReading() : await ctx.openWarehouse({ waitSeconds: wait });
  const outcomes: (PeriodOutcome & { source: string })[] = [];
  try {
    for (const target of targets) {
      ctx.logger.info(`${target.name}: reading manifests under ${target.location}`);
      const results = await importCur(ctx.loadContext(w), {
        exp: exportRef(ctx, target),
        sourceName: target.name,
        location: target.location,
        force: flags.force,
        dryRun: flags.dryRun,
      });
      outcomes.push(...results.map((r) => ({ ...r, source: target.name })));
    }
  } finally {
    w.close();
  }
  printOutcomes(outcomes, format);
  return reportFailures(
    outcomes
      .filter((o) => o.status === 'failed')
      .map((f) => ({ unit: `${f.source} ${f.period}`, error: f.error })),
  );
}

function printOutcomes(
  outcomes: (PeriodOutcome & { source: string })[],
  format: ReturnType<typeof defaultFormat>,
) {
  const columns = [
    'source',
    'billing_period',
    'status',
    'version_id',
    'files',
    'bytes',
    'rows',
    'cost',
    'focus',
    'time',
  ];
  const rows = outcomes.map((o) => [
    o.source,
    o.period,
    o.status,
    o.versionId,
    o.files,
    format === 'table' ? formatBytes(o.bytes) : o.bytes,
    o.rows ?? null,
    o.costTotals ? formatCostTotals(o.costTotals) : null,
    formatValidation(o.validation),
    o.ms === undefined ? null : format === 'table' ? formatDuration(o.ms) : Math.round(o.ms),
  ]);
  printTable({ columns, rows }, format);
}
