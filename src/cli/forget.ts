/**
 * `finops forget --name NAME --period YYYY-MM`: removes a period that a source no longer delivers
 * (an import reports such periods as "vanished"): its rows leave the source's tables in one
 * transaction and the ledger records the period as forgotten. The next delivery of it loads again.
 */
import type { Command } from 'commander';
import { periodFromLabel } from '../billing-period.ts';
import { usageError } from '../errors.ts';
import { forgetPeriod } from '../pipeline/forget.ts';
import { sources } from '../sources/registry.ts';
import type { Source } from '../sources/source.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { formatOption, waitOption, waitSeconds } from './flags.ts';
import { type Column, defaultFormat, printTable, stdout } from './output.ts';
import { action } from './run.ts';
import { renamedOption } from './spellings.ts';

interface Flags {
  name: string;
  period: string[];
  type?: string;
  wait?: string;
  format?: string;
}

export function registerForgetCommand(command: Command): void {
  formatOption(
    waitOption(
      command
        .option('--name <name>', 'the source, as finops status names it')
        .requiredOption('--period <YYYY-MM...>', 'the billing period(s) to remove')
        .option(
          '--type <type>',
          'the source type, when two sources share the name (aws-cur, azure, gcp, ...)',
        ),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  finops forget --name gcp-billing --period 2024-01
  finops gcp import --source ./exported-billing --prune     # forgets every vanished month at once`,
    )
    .action(action<Flags>(forget));
  renamedOption(command, '--source <name>', '--name');
}

async function forget(ctx: Context, flags: Flags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  if (!flags.name) throw usageError('which source?', 'pass --name NAME (as finops status names it)');
  const periods = flags.period.map((p) => periodFromLabel(p).label);
  const w = await ctx.openWarehouse({ waitSeconds: waitSeconds(flags.wait) });
  try {
    const source = await sourceOf(w, flags);
    const rows = [];
    for (const period of periods) {
      const forgotten = await forgetPeriod(w, source, flags.name, period, 'finops forget');
      ctx.logger.info(`${flags.name} ${period}: removed ${forgotten.rows} row(s)`);
      rows.push([flags.name, period, 'forgotten', forgotten.rows]);
    }
    const columns: Column[] = [
      { name: 'source', kind: 'id' },
      { name: 'billing_period', kind: 'id' },
      { name: 'status' },
      { name: 'rows', kind: 'count' },
    ];
    printTable({ columns, rows }, format);
  } finally {
    w.close();
  }
}

/** The source type the ledger knows this name by (asked with --type when it knows several). */
async function sourceOf(w: Warehouse, flags: Flags): Promise<Source> {
  const types = (
    await w.all<{ type: string }>(
      'SELECT DISTINCT source_type AS type FROM finops_meta.loads WHERE source_name = $name ORDER BY 1',
      { name: flags.name },
    )
  ).map((r) => r.type);
  const type = flags.type ?? (types.length === 1 ? types[0] : undefined);
  if (!type) {
    throw usageError(
      types.length === 0
        ? `the ledger knows no source named ${JSON.stringify(flags.name)}`
        : `${JSON.stringify(flags.name)} names sources of several types (${types.join(', ')})`,
      types.length === 0 ? 'see finops status for the names' : 'pass --type',
    );
  }
  const source = (sources as Record<string, Source>)[type];
  if (!source)
    throw usageError(
      `unknown source type ${JSON.stringify(type)}`,
      `one of ${Object.keys(sources).join(', ')}`,
    );
  return source;
}
