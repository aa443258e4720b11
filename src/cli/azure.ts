/**
 * `finops azure ...`: Azure Cost Management exports. `list` shows each month's runs (which win,
 * which are superseded or skipped) and whether the warehouse holds that version; `import` loads the
 * months whose runs changed. Settings come from `[azure]` / `[azure.exports.<name>]` (src/config/azure.ts),
 * FINOPS_AZURE_* and these flags. `finops sample azure` is in azure-sample.ts.
 */
import type { Command } from 'commander';
import { type AzureTarget, resolveAzureTargets } from '../config/azure.ts';
import { errorMessage } from '../errors.ts';
import { planUnits, unitState } from '../pipeline/run-source.ts';
import { azure } from '../sources/azure/index.ts';
import type { AzureTarget as AzureSourceTarget } from '../sources/azure/plan.ts';
import type { Json, Warehouse } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { formatOption, type PeriodFlags, periodOptions, periodRange } from './flags.ts';
import { type ImportFlags, importCommand, importOptions } from './import-command.ts';
import { type Column, defaultFormat, printTable, stdout } from './output.ts';
import { action } from './run.ts';
import { oldPeriodSpellings, renamedCommand, renamedOption } from './spellings.ts';

interface Flags extends ImportFlags, PeriodFlags {
  source?: string;
  name?: string;
  only?: string[];
  account?: string;
}

const examples = `
Examples:
  AZURE_STORAGE_CONNECTION_STRING=... finops azure list --source az://cost-exports/finops
  finops azure import --source az://cost-exports/finops --account acmebilling   # DefaultAzureCredential
  finops azure import --source ./exports --start 2024-01 --end 2024-03 --only focus-daily
  finops azure import --name ea-prod --force                                     # [azure.exports.ea-prod]`;

export function registerAzureCommands(group: Command): void {
  group.addHelpText('after', examples);
  const defineList = (command: Command) =>
    formatOption(withLocation(command))
      .description("each month's export runs: which win, which are superseded")
      .addHelpText('after', examples)
      .action(action<Flags>(listCommand));
  defineList(group.command('list'));
  renamedCommand(group, 'list-exports', 'list', defineList);
  importOptions(
    withLocation(
      group.command('import').description('import changed months into azure_billing and focus.costs'),
    ),
  )
    .addHelpText('after', examples)
    .action(action<Flags>(importMonths));
}

function withLocation(command: Command): Command {
  command
    .option('--source <location>', 'az://container/path or a local folder holding the exports')
    .option(
      '--name <name>',
      'a configured [azure.exports.<name>], or the ledger name for --source (default "azure")',
    )
    .option('--only <export...>', 'only these exports (their names in Cost Management)')
    .option('--account <name>', 'storage account, signed in with DefaultAzureCredential');
  periodOptions(command);
  renamedOption(command, '--export <name...>', '--only');
  return oldPeriodSpellings(command);
}

function targetsOf(ctx: Context, flags: Flags): AzureTarget[] {
  const { start, end } = periodRange(flags);
  return resolveAzureTargets(ctx.config.azure, {
    name: flags.name,
    source: flags.source,
    exports: flags.only,
    account: flags.account,
    start_date: start,
    end_date: end,
  });
}

function sourceTarget(ctx: Context, target: AzureTarget): AzureSourceTarget {
  const { store, prefix } = ctx.openStore(target.location, { azure: target.credentials });
  return {
    name: target.name,
    location: target.location,
    exp: { store, prefix, exports: target.exports, startDate: target.startDate, endDate: target.endDate },
  };
}

async function listCommand(ctx: Context, flags: Flags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const w = await ctx.openForReading();
  const rows: Json[][] = [];
  try {
    for (const target of targetsOf(ctx, flags)) rows.push(...(await listRows(w, ctx, target)));
  } finally {
    w.close();
  }
  const columns: Column[] = [
    { name: 'source', kind: 'id' },
    { name: 'billing_period', kind: 'id' },
    { name: 'scope', kind: 'id' },
    { name: 'run', kind: 'id' },
    { name: 'dataset' },
    { name: 'days' },
    { name: 'files', kind: 'count' },
    { name: 'bytes', kind: 'bytes' },
    { name: 'state' },
  ];
  printTable({ columns, rows }, format);
}

async function listRows(w: Warehouse, ctx: Context, target: AzureTarget): Promise<Json[][]> {
  const rows: Json[][] = [];
  const units = await planUnits(azure, { ...ctx.loadContext(w), force: false }, sourceTarget(ctx, target));
  for (const unit of units) {
    if (unit.blocked) {
      rows.push([
        target.name,
        unit.period,
        unit.part ?? null,
        unit.manifestKey ?? null,
        null,
        null,
        0,
        0,
        `broken: ${errorMessage(unit.blocked)}`,
      ]);
      continue;
    }
    const state = unitState(unit);
    for (const r of unit.runs) {
      const bytes = r.objects.reduce((n, o) => n + o.size, 0);
      rows.push([
        target.name,
        unit.period,
        unit.part ?? null,
        `${r.run.exportName}/${r.run.runId}`,
        r.run.dataset,
        `${r.run.firstDay}..${r.run.lastDay}${r.excluded.length ? ' (newer runs replace some days)' : ''}`,
        r.objects.length,
        bytes,
        state,
      ]);
    }
    for (const note of unit.notes ?? [])
      rows.push([target.name, unit.period, unit.part ?? null, note, null, null, null, null, 'not used']);
  }
  return rows;
}

const importMonths = (ctx: Context, flags: Flags) =>
  importCommand(
    ctx,
    flags,
    azure,
    targetsOf(ctx, flags).map((t) => sourceTarget(ctx, t)),
  );
