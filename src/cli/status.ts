/**
 * `finops status`: the load ledger, newest attempt per source and period by default.
 */
import type { Command } from 'commander';
import { gcpLateDays, periodStatuses } from '../focus/period-status.ts';
import { formatValidation } from '../format.ts';
import { listLoads } from '../warehouse/ledger.ts';
import type { Json, Warehouse } from '../warehouse/warehouse.ts';
import { type Column, defaultFormat, type Format, printTable, stdout, type TableOptions } from './output.ts';
import { action } from './run.ts';
import { renamedOption } from './spellings.ts';

interface StatusOptions {
  format?: string;
  wide?: boolean;
  all?: boolean;
  name?: string;
  periods?: boolean;
}

export function registerStatusCommand(command: Command): void {
  command
    .option('--all', 'every attempt, not only the latest per source and period')
    .option('--name <name>', 'only this source (its configured or export name)')
    .option('--periods', 'only the billing periods: whether each provider has finalized them')
    .option('--format <format>', 'table, csv, json or ndjson')
    .option('--wide', 'on a terminal: every column (type, format, version, files, times), nothing cut short')
    .addHelpText(
      'after',
      '\nExamples:\n  finops status\n  finops status --wide\n  finops status --all --format json\n  finops status --periods --format json',
    )
    .action(
      action<StatusOptions>(async (ctx, options) => {
        const format = defaultFormat(stdout, options.format);
        const w = await ctx.openWarehouse({ readOnly: true });
        try {
          if (options.periods) {
            await printPeriods(w, gcpLateDays(ctx.config), format, { wide: options.wide, width: 120 });
            return;
          }
          const rows = await listLoads(w, { sourceName: options.name, latestOnly: !options.all });
          const table = rows.map((r) => columns.map((c) => cellOf(r, c.name)));
          if (table.length === 0 && format === 'table') {
            process.stderr.write('nothing has been loaded yet (try: finops demo)\n');
            return;
          }
          const fit = { wide: options.wide, width: 120 };
          printTable({ columns, rows: table }, format, fit);
          if (format === 'table') {
            stdout.write('\nbilling periods\n');
            await printPeriods(w, gcpLateDays(ctx.config), format, fit);
          }
        } finally {
          w.close();
        }
      }),
    );
  renamedOption(command, '--source <name>', '--name');
}

/**
 * The ledger's columns. On a terminal the ones a person scans first fit 120 characters (the message is
 * cut short); --wide and every other format show them all.
 */
const columns: Column[] = [
  { name: 'source_type', kind: 'id', wide: true },
  { name: 'source_name', kind: 'id' },
  { name: 'billing_period', kind: 'id' },
  { name: 'status' },
  { name: 'format', wide: true },
  { name: 'version_id', kind: 'id', wide: true },
  { name: 'files', kind: 'count', wide: true },
  // how many slices (batches, export scopes) the period's figures add up
  { name: 'parts', kind: 'count', wide: true },
  { name: 'rows', kind: 'count' },
  { name: 'cost', kind: 'totals' },
  { name: 'focus', shrink: true },
  { name: 'started_utc', kind: 'time', wide: true },
  { name: 'duration_ms', kind: 'ms', wide: true },
  { name: 'new_columns', wide: true },
  { name: 'message', shrink: true },
];

function cellOf(r: Record<string, Json>, column: string): Json {
  // DuckDB lets no one open a file another process writes: since we could, no load is running, and a
  // "running" row is a load whose process died (the next import of it cleans up).
  const died = r.status === 'running';
  switch (column) {
    case 'status':
      return died ? 'interrupted' : String(r.status);
    case 'message':
      if (died) return 'the process died mid-load; nothing of it was published; the next import recovers it';
      return r.message ? `${r.failed_step ? `${r.failed_step}: ` : ''}${r.message}` : null;
    case 'cost':
      return r.cost_totals ? (JSON.parse(String(r.cost_totals)) as Json) : null;
    case 'focus':
      return r.validation ? formatValidation(JSON.parse(String(r.validation))) : null;
    default:
      return r[column] ?? null;
  }
}

/** Whether each provider has finalized each billing period (src/focus/period-status.sql). */
async function printPeriods(
  w: Warehouse,
  lateDays: number,
  format: Format,
  fit: TableOptions,
): Promise<void> {
  const rows = await periodStatuses(w, { gcpLateDays: lateDays });
  const columns: Column[] = [
    { name: 'provider', kind: 'id' },
    { name: 'billing_period', kind: 'id' },
    { name: 'status' },
    { name: 'rule' },
    { name: 'rows', kind: 'count' },
    { name: 'invoiced_rows', kind: 'count' },
    { name: 'reason', shrink: true },
  ];
  const cells = rows.map((r) => columns.map((c) => (r as unknown as Record<string, Json>)[c.name] ?? null));
  printTable({ columns, rows: cells }, format, fit);
}
