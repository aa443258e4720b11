/**
 * `finops status`: the load ledger, newest attempt per source and period by default.
 */
import type { Command } from 'commander';
import { gcpLateDays, periodStatuses } from '../focus/period-status.ts';
import { formatCostTotals, formatValidation } from '../format.ts';
import { listLoads } from '../warehouse/ledger.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { defaultFormat, type Format, printTable, stdout } from './output.ts';
import { action } from './run.ts';
import { renamedOption } from './spellings.ts';

interface StatusOptions {
  format?: string;
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
    .addHelpText(
      'after',
      '\nExample:\n  finops status\n  finops status --all --format json\n  finops status --periods --format json',
    )
    .action(
      action<StatusOptions>(async (ctx, options) => {
        const format = defaultFormat(stdout, options.format);
        const w = await ctx.openWarehouse({ readOnly: true });
        try {
          if (options.periods) {
            await printPeriods(w, gcpLateDays(ctx.config), format);
            return;
          }
          const rows = await listLoads(w, { sourceName: options.name, latestOnly: !options.all });
          const columns = [
            'source_type',
            'source_name',
            'billing_period',
            'status',
            'format',
            'version_id',
            'files',
            'rows',
            'cost',
            'focus',
            'started_utc',
            'duration_ms',
            ...(format === 'table' ? [] : ['new_columns']),
            'message',
          ];
          const table = rows.map((r) => {
            // DuckDB lets no one open a file another process writes: since we could, no load is running,
            // and a "running" row is a load whose process died (the next import of it cleans up).
            const died = r.status === 'running';
            const derived: Record<string, string | null> = {
              status: died ? 'interrupted' : String(r.status),
              message: died
                ? 'the process died mid-load; nothing of it was published; the next import recovers it'
                : r.message
                  ? `${r.failed_step ? `${r.failed_step}: ` : ''}${r.message}`
                  : null,
              cost: r.cost_totals ? formatCostTotals(JSON.parse(String(r.cost_totals))) : null,
              focus: r.validation ? formatValidation(JSON.parse(String(r.validation))) : null,
            };
            return columns.map((c) => (c in derived ? (derived[c] ?? null) : (r[c] ?? null)));
          });
          if (table.length === 0 && format === 'table') {
            process.stderr.write('nothing has been loaded yet (try: finops demo)\n');
            return;
          }
          printTable({ columns, rows: table }, format);
          if (format === 'table') {
            stdout.write('\nbilling periods\n');
            await printPeriods(w, gcpLateDays(ctx.config), format);
          }
        } finally {
          w.close();
        }
      }),
    );
  renamedOption(command, '--source <name>', '--name');
}

/** Whether each provider has finalized each billing period (src/focus/period-status.sql). */
async function printPeriods(w: Warehouse, lateDays: number, format: Format): Promise<void> {
  const rows = await periodStatuses(w, { gcpLateDays: lateDays });
  const columns = [
    'provider',
    'billing_period',
    'status',
    'rule',
    'rows',
    'invoiced_rows',
    'reason',
  ] as const;
  printTable({ columns: [...columns], rows: rows.map((r) => columns.map((c) => r[c])) }, format);
}
