/**
 * `finops gcp list` and `finops gcp import`: the Google Cloud billing export, one invoice month at a
 * time, from the BigQuery export table (`--table project.dataset.table --period YYYY-MM`) or from
 * copies of it as files
 * (`--source gs://bucket/prefix` or a folder). Settings come from `[gcp.exports.<name>]`
 * (src/config/gcp.ts), FINOPS_GCP_* and these flags. `finops sample gcp` is in gcp-sample.ts.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { periodFromLabel } from '../billing-period.ts';
import {
  type GcpExportSettings,
  type GcpTarget as GcpSettingsTarget,
  resolveGcpTargets,
} from '../config/gcp.ts';
import { usageError } from '../errors.ts';
import { BillingTable } from '../sources/gcp/bigquery.ts';
import { gcp } from '../sources/gcp/index.ts';
import type { GcpOrigin, GcpTarget } from '../sources/gcp/plan.ts';
import { isExportTableName, parseTableRef } from '../sources/gcp/table-name.ts';
import { LocalStore } from '../stores/local-store.ts';
import type { Context } from './context.ts';
import { checkPeriod, formatOption, monthsBetween } from './flags.ts';
import { type ImportFlags, importCommand, importOptions, pruneOption } from './import-command.ts';
import { listUnits } from './list-units.ts';
import { action } from './run.ts';
import { renamedOption } from './spellings.ts';

interface Flags extends ImportFlags {
  table?: string;
  source?: string;
  period?: string[];
  start?: string;
  end?: string;
  name?: string;
  projectId?: string;
  location?: string;
}

const examples = `
Examples:
  finops gcp import --table my-billing.billing_export.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9 \\
      --period 2024-03 --location US
  finops gcp list --source gs://acme-billing-exports/gcp
  finops gcp import --source gs://acme-billing-exports/gcp --period 2024-03
  finops gcp import --source ./exported-billing            # every invoice month the files hold
  finops gcp import --name prod --start 2024-01 --end 2024-03 --force`;

export function registerGcpCommands(group: Command): void {
  group.addHelpText('after', examples);
  formatOption(exportOptions(group.command('list')))
    .description('the invoice months an import would load, and whether the warehouse holds them')
    .addHelpText('after', examples)
    .action(action<Flags>((ctx, flags) => listUnits(ctx, gcp, targetsOf(ctx, flags), flags.format)));
  pruneOption(importOptions(exportOptions(group.command('import'))))
    .description('import invoice months into gcp_billing and focus.costs')
    .addHelpText('after', examples)
    .action(action<Flags>((ctx, flags) => importCommand(ctx, flags, gcp, targetsOf(ctx, flags))));
}

function exportOptions(command: Command): Command {
  command
    .option('--table <project.dataset.table>', 'the BigQuery export table (standard or detailed)')
    .option('--source <location>', 'exported files: gs://bucket/prefix or a folder (NDJSON, Parquet, CSV)')
    .option('--period <YYYY-MM...>', 'invoice month(s); a month or a range is required with --table')
    .option('--start <YYYY-MM>', 'first invoice month (with --end)')
    .option('--end <YYYY-MM>', 'last invoice month (with --start)')
    .option('--name <name>', 'a configured export ([gcp.exports.<name>]), or the ledger name for this one')
    .option('--project-id <id>', 'the project BigQuery jobs run in (default: the table project)')
    .option('--location <location>', "the dataset's location (US, EU, a region)");
  return renamedOption(command, '--month <YYYY-MM...>', '--period');
}

function targetsOf(ctx: Context, flags: Flags): GcpTarget[] {
  const targets = resolveGcpTargets(ctx.config.gcp, {
    name: flags.name,
    table: flags.table,
    source: flags.source,
    project_id: flags.projectId,
    location: flags.location,
  });
  const months = monthsOf(flags);
  return targets.map((t) => targetOf(ctx, t, months));
}

/** `--period` (repeatable) and `--start`..`--end` as the list of invoice months the source plans. */
function monthsOf(flags: Flags): string[] {
  const months = (flags.period ?? []).map((m) => periodFromLabel(m).label);
  const start = checkPeriod('--start', flags.start);
  const end = checkPeriod('--end', flags.end);
  if (Boolean(start) !== Boolean(end)) {
    throw usageError('gcp takes --start and --end together', 'e.g. --start 2024-01 --end 2024-03');
  }
  if (start && end) {
    if (start > end) throw usageError(`--start ${start} is after --end ${end}`);
    months.push(...monthsBetween(start, end));
  }
  return [...new Set(months)].sort();
}

/** The source target for one configured (or ad hoc) export. */
export function targetOf(ctx: Context, target: GcpSettingsTarget, months?: string[]): GcpTarget {
  const s = target.settings;
  const location = (s.table ?? s.source) as string;
  return { name: target.name, location, origin: originOf(ctx, s), months };
}

function originOf(ctx: Context, s: GcpExportSettings): GcpOrigin {
  if (s.table) {
    const ref = parseTableRef(s.table);
    if (!isExportTableName(ref)) {
      ctx.logger.warn(
        `${s.table} is not named like a billing export table (gcp_billing_export_[resource_]v1_...)`,
      );
    }
    const table = new BillingTable(ref, {
      projectId: s.project_id,
      location: s.location,
      apiEndpoint: s.bigquery_endpoint,
      pageRows: s.page_rows,
      lateDays: s.late_days,
    });
    return { kind: 'bigquery', table };
  }
  const source = s.source as string;
  // A single local file: its folder is the store, and only it is read.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && existsSync(source) && statSync(source).isFile()) {
    return {
      kind: 'files',
      store: new LocalStore(path.dirname(source)),
      prefix: '',
      keys: [path.basename(source)],
    };
  }
  const { store, prefix } = ctx.openStore(source, {
    gcs: { projectId: s.project_id, apiEndpoint: s.storage_endpoint },
  });
  return { kind: 'files', store, prefix };
}
