/**
 * `finops aws list-manifests` and `finops aws import-cur`: AWS Cost and Usage Reports (legacy CUR and
 * CUR 2.0) from S3, an S3-compatible store or a local folder into the warehouse.
 */
import type { Command } from 'commander';
import { type AwsExportTarget, resolveAwsExports } from '../config/aws.ts';
import type { AwsExportSettings } from '../config/schema.ts';
import { errorMessage } from '../errors.ts';
import { formatBytes } from '../format.ts';
import { planUnits } from '../pipeline/run-source.ts';
import { awsCur } from '../sources/aws-cur/index.ts';
import type { AwsTarget } from '../sources/aws-cur/plan.ts';
import type { Context } from './context.ts';
import { type ImportFlags, importCommand, importOptions } from './import-command.ts';
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
    .option('--endpoint <url>', 'endpoint of an S3-compatible store (MinIO, R2, OSS, ...)');
}

export function registerAwsCommands(aws: Command): void {
  exportOptions(aws.command('list-manifests'))
    .option('--format <format>', 'table, csv, json or ndjson')
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

  importOptions(exportOptions(aws.command('import-cur')))
    .description('import CUR billing periods into the warehouse (skips versions already loaded)')
    .option('--allow-partial', 'load Athena (Parquet) months even while AWS says it is writing the report')
    .addHelpText(
      'after',
      `
Examples:
  finops aws import-cur --source s3://my-billing/cur --export-name monthly-cur
  finops aws import-cur --source ./sample-cur --export-name finops-demo --cur-version v1 --force
  finops aws import-cur                     # every export configured in config.toml`,
    )
    .action(action<ExportFlags & ImportFlags>(importCur));
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

function targetOf(ctx: Context, target: AwsExportTarget, allowPartial?: boolean): AwsTarget {
  const { store, prefix } = ctx.openStore(target.location, { s3: target.s3 });
  return {
    name: target.name,
    location: target.location,
    allowPartial,
    exp: {
      store,
      prefix: [prefix, target.prefix].filter(Boolean).join('/'),
      exportName: target.exportName,
      curVersion: target.curVersion,
      startDate: target.startDate,
      endDate: target.endDate,
    },
  };
}

const targetsOf = (ctx: Context, flags: ExportFlags & { allowPartial?: boolean }) =>
  resolveAwsExports(ctx.config, toSettings(flags)).map((t) => targetOf(ctx, t, flags.allowPartial));

async function listManifests(ctx: Context, flags: ExportFlags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const w = await ctx.openForReading();
  const rows = [];
  try {
    for (const target of targetsOf(ctx, flags)) {
      const units = await planUnits(awsCur, { ...ctx.loadContext(w), force: false }, target);
      for (const u of units) {
        rows.push([
          target.name,
          u.period,
          u.delivery?.curVersion ?? null,
          u.versionId || null,
          u.delivery ? (u.manifestKey ?? '(no manifest: Athena delivery)') : (u.manifestKey ?? null),
          u.blocked ? null : u.objects.length,
          u.blocked ? null : format === 'table' ? formatBytes(u.bytes) : u.bytes,
          u.blocked
            ? `error: ${errorMessage(u.blocked)}`
            : u.deferred
              ? 'no: AWS is writing it'
              : u.loadedVersion === u.versionId
                ? 'yes'
                : u.loadedVersion
                  ? 'older version'
                  : 'no',
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

const importCur = (ctx: Context, flags: ImportFlags) =>
  importCommand(ctx, flags, awsCur, targetsOf(ctx, flags));
