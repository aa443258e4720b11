/**
 * `finops gcp import`: the Google Cloud billing export, one invoice month at a time, from the BigQuery
 * export table (`--table project.dataset.table --month YYYY-MM`) or from copies of it as files
 * (`--source gs://bucket/prefix` or a folder). Settings come from `[gcp.exports.<name>]`
 * (src/config/gcp.ts), FINOPS_GCP_* and these flags. `finops sample gcp` is in gcp-sample.ts.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type GcpExportSettings, type GcpTarget, resolveGcpTargets } from '../config/gcp.ts';
import { usageError } from '../errors.ts';
import { formatCostTotals, formatCount, formatValidation } from '../format.ts';
import { periodFromLabel } from '../sources/billing-period.ts';
import { BillingTable } from '../sources/gcp/bigquery.ts';
import { type GcpOrigin, type GcpRequest, importGcp, type MonthOutcome } from '../sources/gcp/import.ts';
import { isExportTableName, parseTableRef } from '../sources/gcp/table-name.ts';
import { LocalStore } from '../stores/local-store.ts';
import { openStore } from '../stores/open-store.ts';
import type { Context } from './context.ts';
import { reportFailures } from './failures.ts';
import { defaultFormat, printTable, stdout } from './output.ts';
import { action } from './run.ts';

interface Flags {
  table?: string;
  source?: string;
  month?: string[];
  name?: string;
  projectId?: string;
  location?: string;
  force?: boolean;
  dryRun?: boolean;
  wait?: string;
  format?: string;
}

const examples = `
Examples:
  finops gcp import --table my-billing.billing_export.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9 \\
      --month 2024-03 --location US
  finops gcp import --source gs://acme-billing-exports/gcp --month 2024-03
  finops gcp import --source ./exported-billing            # every invoice month the files hold
  finops gcp import --name prod --month 2024-02 --month 2024-03 --force`;

export function registerGcpCommands(gcp: Command): void {
  gcp
    .command('import')
    .description('import invoice months into gcp_billing and focus.costs')
    .option('--table <project.dataset.table>', 'the BigQuery export table (standard or detailed)')
    .option('--source <location>', 'exported files: gs://bucket/prefix or a folder (NDJSON, Parquet, CSV)')
    .option('--month <YYYY-MM...>', 'invoice month(s); required with --table, files default to all')
    .option('--name <name>', 'a configured export ([gcp.exports.<name>]), or the ledger name for this one')
    .option('--project-id <id>', 'the project BigQuery jobs run in (default: the table project)')
    .option('--location <location>', "the dataset's location (US, EU, a region)")
    .option('--force', 'load again even when the month is unchanged')
    .option('--dry-run', 'show what would be loaded, change nothing')
    .option('--wait <seconds>', 'wait this long for another process that holds the warehouse')
    .option('--format <format>', 'table, csv, json or ndjson')
    .addHelpText('after', examples)
    .action(action<Flags>(importCommand));
}

async function importCommand(ctx: Context, flags: Flags): Promise<number> {
  const format = defaultFormat(stdout, flags.format);
  const months = (flags.month ?? []).map((m) => periodFromLabel(m).label);
  const targets = resolveGcpTargets(ctx.config.gcp, {
    name: flags.name,
    table: flags.table,
    source: flags.source,
    project_id: flags.projectId,
    location: flags.location,
  });
  const wait = flags.wait === undefined ? undefined : Number(flags.wait);
  if (wait !== undefined && !(wait >= 0)) throw usageError('--wait takes a number of seconds');
  const requests = targets.map((t) =>
    requestOf(ctx, t, { months, force: flags.force, dryRun: flags.dryRun }),
  );
  const w = flags.dryRun ? await ctx.openForReading() : await ctx.openWarehouse({ waitSeconds: wait });
  const results: { source: string; outcomes: MonthOutcome[] }[] = [];
  try {
    const gctx = ctx.loadContext(w);
    for (const req of requests)
      results.push({ source: req.sourceName, outcomes: await importGcp(gctx, req) });
  } finally {
    w.close();
  }
  printOutcomes(results, format);
  return exitCodeOf(results);
}

/** The import request for one configured (or ad hoc) export. */
export function requestOf(
  ctx: Context,
  target: GcpTarget,
  options: Pick<GcpRequest, 'months' | 'force' | 'dryRun'>,
): GcpRequest {
  const s = target.settings;
  const location = (s.table ?? s.source) as string;
  return { origin: originOf(ctx, s), sourceName: target.name, location, ...options };
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
  const { store, prefix } = openStore(source, {
    gcs: { projectId: s.project_id, apiEndpoint: s.storage_endpoint },
    retry: ctx.retry,
    logger: ctx.logger,
  });
  return { kind: 'files', store, prefix };
}

function printOutcomes(
  results: { source: string; outcomes: MonthOutcome[] }[],
  format: ReturnType<typeof defaultFormat>,
) {
  const columns = ['source', 'invoice_month', 'status', 'files', 'rows', 'billed_cost', 'focus'];
  const rows = results.flatMap(({ source, outcomes }) =>
    outcomes.map((o) => [
      source,
      o.period,
      o.status,
      o.files,
      o.rows === undefined ? null : format === 'table' ? formatCount(o.rows) : o.rows,
      o.costTotals ? formatCostTotals(o.costTotals) : null,
      formatValidation(o.validation),
    ]),
  );
  printTable({ columns, rows }, format);
}

function exitCodeOf(results: { source: string; outcomes: MonthOutcome[] }[]): number {
  return reportFailures(
    results.flatMap(({ source, outcomes }) =>
      outcomes
        .filter((o) => o.status === 'failed')
        .map((o) => ({ unit: `${source} ${o.period}`, error: o.error })),
    ),
  );
}
