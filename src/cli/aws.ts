/**
 * `finops aws list` and `finops aws import` (also `list-manifests` and `import-cur`, the Open FinOps
 * Stack's words): AWS Cost and Usage Reports (legacy CUR and CUR 2.0) from S3, an S3-compatible store
 * or a local folder into the warehouse.
 */
import type { Command } from 'commander';
import { type AwsExportTarget, resolveAwsExports } from '../config/aws.ts';
import type { AwsExportSettings } from '../config/schema.ts';
import { errorMessage } from '../errors.ts';
import { planUnits } from '../pipeline/run-source.ts';
import { awsCur } from '../sources/aws-cur/index.ts';
import type { AwsTarget } from '../sources/aws-cur/plan.ts';
import type { Context } from './context.ts';
import { formatOption, type PeriodFlags, periodOptions, periodRange } from './flags.ts';
import { type ImportFlags, importCommand, importOptions } from './import-command.ts';
import { type Column, defaultFormat, printTable, stdout } from './output.ts';
import { action } from './run.ts';
import { oldPeriodSpellings, renamedOption } from './spellings.ts';

interface ExportFlags extends PeriodFlags {
  source?: string;
  bucket?: string;
  prefix?: string;
  name?: string;
  curVersion?: string;
  region?: string;
  endpoint?: string;
  format?: string;
}

function exportOptions(command: Command): Command {
  command
    .option('--source <location>', 's3://bucket/prefix or a local folder (instead of --bucket/--prefix)')
    .option('--bucket <bucket>', 'S3 bucket the export is delivered to')
    .option('--prefix <prefix>', 'S3 prefix of the export (the path before the export name)')
    .option('--name <name>', 'the export (report) name, or the name of an export in config.toml')
    .option('--cur-version <v1|v2>', 'v1 = legacy CUR, v2 = CUR 2.0 (Data Exports); default: detect');
  periodOptions(command)
    .option('--region <region>', 'AWS region of the bucket')
    .option('--endpoint <url>', 'endpoint of an S3-compatible store (MinIO, R2, OSS, ...)');
  renamedOption(command, '--export-name <name>', '--name');
  return oldPeriodSpellings(command);
}

export function registerAwsCommands(aws: Command): void {
  aws.addHelpText(
    'after',
    `
Examples:
  finops aws list --source s3://my-billing/cur --name monthly-cur
  finops aws import --source s3://my-billing/cur --name monthly-cur --start 2024-01`,
  );
  formatOption(exportOptions(aws.command('list').alias('list-manifests')))
    .description(
      'list billing periods with their current manifest and whether the warehouse has that version',
    )
    .addHelpText(
      'after',
      `
Examples:
  finops aws list --bucket my-billing --prefix cur --name monthly-cur
  finops aws list --source ./sample-cur --name finops-demo --start 2024-01`,
    )
    .action(action<ExportFlags>(listManifests));

  importOptions(exportOptions(aws.command('import').alias('import-cur')))
    .description('import CUR billing periods into the warehouse (skips versions already loaded)')
    .option('--allow-partial', 'load Athena (Parquet) months even while AWS says it is writing the report')
    .addHelpText(
      'after',
      `
Examples:
  finops aws import --source s3://my-billing/cur --name monthly-cur
  finops aws import --source ./sample-cur --name finops-demo --cur-version v1 --period 2024-02 --force
  finops aws import                     # every export configured in config.toml`,
    )
    .action(action<ExportFlags & ImportFlags>(importCur));
}

function toSettings(flags: ExportFlags): AwsExportSettings {
  const { start, end } = periodRange(flags);
  return {
    source: flags.source,
    bucket: flags.bucket,
    prefix: flags.prefix,
    export_name: flags.name,
    cur_version: flags.curVersion as AwsExportSettings['cur_version'],
    start_date: start,
    end_date: end,
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
          u.blocked ? null : u.bytes,
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
  const columns: Column[] = [
    { name: 'source', kind: 'id' },
    { name: 'billing_period', kind: 'id' },
    { name: 'cur_version' },
    { name: 'version_id', kind: 'id' },
    { name: 'manifest', kind: 'id', shrink: true },
    { name: 'files', kind: 'count' },
    { name: 'bytes', kind: 'bytes' },
    { name: 'loaded' },
  ];
  printTable({ columns, rows }, format);
}

const importCur = (ctx: Context, flags: ImportFlags) =>
  importCommand(ctx, flags, awsCur, targetsOf(ctx, flags));
