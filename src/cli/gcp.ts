/**
 * `finops gcp import`: the Google Cloud billing export, one invoice month at a time, from the BigQuery
 * export table (`--table project.dataset.table --month YYYY-MM`) or from copies of it as files
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
import { BillingTable } from '../sources/gcp/bigquery.ts';
import { gcp } from '../sources/gcp/index.ts';
import type { GcpOrigin, GcpTarget } from '../sources/gcp/plan.ts';
import { isExportTableName, parseTableRef } from '../sources/gcp/table-name.ts';
import { LocalStore } from '../stores/local-store.ts';
import type { Context } from './context.ts';
import { type ImportFlags, importCommand, importOptions, pruneOption } from './import-command.ts';
import { action } from './run.ts';

interface Flags extends ImportFlags {
  table?: string;
  source?: string;
  month?: string[];
  name?: string;
  projectId?: string;
  location?: string;
}

const examples = `
Examples:
  finops gcp import --table my-billing.billing_export.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9 \\
      --month 2024-03 --location US
  finops gcp import --source gs://acme-billing-exports/gcp --month 2024-03
  finops gcp import --source ./exported-billing            # every invoice month the files hold
  finops gcp import --name prod --month 2024-02 --month 2024-03 --force`;

export function registerGcpCommands(group: Command): void {
  pruneOption(importOptions(group.command('import')))
    .description('import invoice months into gcp_billing and focus.costs')
    .option('--table <project.dataset.table>', 'the BigQuery export table (standard or detailed)')
    .option('--source <location>', 'exported files: gs://bucket/prefix or a folder (NDJSON, Parquet, CSV)')
    .option('--month <YYYY-MM...>', 'invoice month(s); required with --table, files default to all')
    .option('--name <name>', 'a configured export ([gcp.exports.<name>]), or the ledger name for this one')
    .option('--project-id <id>', 'the project BigQuery jobs run in (default: the table project)')
    .option('--location <location>', "the dataset's location (US, EU, a region)")
    .addHelpText('after', examples)
    .action(action<Flags>(importMonths));
}

async function importMonths(ctx: Context, flags: Flags): Promise<number> {
  const months = (flags.month ?? []).map((m) => periodFromLabel(m).label);
  const targets = resolveGcpTargets(ctx.config.gcp, {
    name: flags.name,
    table: flags.table,
    source: flags.source,
    project_id: flags.projectId,
    location: flags.location,
  });
  return importCommand(
    ctx,
    flags,
    gcp,
    targets.map((t) => targetOf(ctx, t, months)),
  );
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
