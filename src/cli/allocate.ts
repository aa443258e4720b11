/**
 * `finops allocate`: rebuilds the allocated view (govern.allocated_costs) of billing periods from
 * focus.costs and [[govern.allocation.rules]]. `finops showback --by KEY`: spend per owner after
 * allocation. The work is in src/govern; this file parses flags and prints.
 */
import type { Command } from 'commander';
import { FinopsError } from '../errors.ts';
import { allocatePeriod } from '../govern/allocate.ts';
import { focusPeriods } from '../govern/governed-costs.ts';
import { loadGovernance } from '../govern/load-policy.ts';
import { showback } from '../govern/showback.ts';
import type { Context } from './context.ts';
import { waitSeconds } from './flags.ts';
import { defaultFormat, printTable, stdout } from './output.ts';
import { action } from './run.ts';
import { checkPeriod } from './tags.ts';

interface AllocateFlags {
  period?: string;
  wait?: string;
  format?: string;
}

interface ShowbackFlags extends AllocateFlags {
  by: string;
  effective?: boolean;
  billed?: boolean;
}

export function registerAllocateCommand(allocate: Command): void {
  allocate
    .option('--period <YYYY-MM>', 'only this billing period (default: every period)')
    .option('--wait <seconds>', 'wait this long for another process that holds the warehouse')
    .option('--format <format>', 'table, csv, json or ndjson')
    .addHelpText('after', '\nExamples:\n  finops allocate\n  finops allocate --period 2024-03 --format json')
    .action(action<AllocateFlags>(allocateCommand));
}

export function registerShowbackCommand(showback: Command): void {
  showback
    .requiredOption('--by <key>', 'the tag key to group by: cost_center, or tag:KEY for any key')
    .option('--period <YYYY-MM>', 'billing period (default: the newest)')
    .option('--effective', 'EffectiveCost: amortized, after discounts (the default)')
    .option('--billed', 'BilledCost: as invoiced')
    .option('--wait <seconds>', 'wait this long for another process that holds the warehouse')
    .option('--format <format>', 'table, csv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  finops showback --by cost_center\n  finops showback --by tag:team --period 2024-03 --billed --format csv',
    )
    .action(action<ShowbackFlags>(showbackCommand));
}

async function allocateCommand(ctx: Context, flags: AllocateFlags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const governance = loadGovernance(ctx.config, ctx.configFile);
  const period = checkPeriod('--period', flags.period);
  const w = await ctx.openWarehouse({ waitSeconds: waitSeconds(flags.wait) });
  try {
    const periods = period ? [period] : await focusPeriods(w);
    if (governance.rules.length === 0)
      ctx.logger.warn('no [[govern.allocation.rules]]: the allocated view equals focus.costs');
    const rows = [];
    for (const p of periods) {
      const outcome = await ctx.progress.step(
        `allocate ${p}`,
        () =>
          allocatePeriod(w, p, {
            rules: governance.rules,
            unallocated: governance.tags?.unallocated ?? 'Unallocated',
          }),
        () => ({ fraction: w.statementProgress() }),
      );
      ctx.logger.info(`${p}: ${outcome.table} rebuilt (${governance.rules.length} rule(s))`);
      for (const t of outcome.totals) {
        rows.push([
          p,
          t.currency,
          t.splitRows,
          t.billedBefore,
          t.billedAfter,
          t.effectiveBefore,
          t.effectiveAfter,
        ]);
      }
    }
    if (rows.length === 0) {
      process.stderr.write('no cost data yet (try: finops demo)\n');
      return;
    }
    printTable(
      {
        columns: [
          { name: 'period', kind: 'id' },
          { name: 'currency', kind: 'id' },
          { name: 'split_rows', kind: 'count' },
          { name: 'billed_before', kind: 'money' },
          { name: 'billed_after', kind: 'money' },
          { name: 'effective_before', kind: 'money' },
          { name: 'effective_after', kind: 'money' },
        ],
        rows,
      },
      format,
    );
  } finally {
    w.close();
  }
}

async function showbackCommand(ctx: Context, flags: ShowbackFlags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  if (flags.effective && flags.billed) {
    throw new FinopsError('give --effective or --billed, not both', { kind: 'usage' });
  }
  const key = flags.by.startsWith('tag:') ? flags.by.slice(4) : flags.by;
  if (!key) throw new FinopsError('--by needs a tag key (e.g. cost_center or tag:team)', { kind: 'usage' });
  const governance = loadGovernance(ctx.config, ctx.configFile);
  const unallocated = governance.tags?.unallocated ?? 'Unallocated';
  const w = await ctx.openWarehouse({ waitSeconds: waitSeconds(flags.wait) });
  try {
    const period = checkPeriod('--period', flags.period) ?? (await focusPeriods(w)).at(-1);
    if (!period) {
      process.stderr.write('no cost data yet (try: finops demo)\n');
      return;
    }
    // Allocate first, so the figures always follow the current data and rules.
    await allocatePeriod(w, period, { rules: governance.rules, unallocated });
    const result = await showback(w, {
      key,
      period,
      metric: flags.billed ? 'BilledCost' : 'EffectiveCost',
      unallocated,
    });
    if (format === 'json') {
      stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    if (format === 'table') stdout.write(`showback by ${key} (${result.period}, ${result.metric})\n`);
    printTable(
      {
        columns: [
          { name: 'currency', kind: 'id' },
          { name: key, kind: 'id' },
          { name: 'rows', kind: 'count' },
          { name: 'cost', kind: 'money' },
          { name: 'shared', kind: 'money' },
          { name: 'percent', kind: 'number' },
        ],
        rows: result.rows.map((r) => [r.currency, r.owner, r.rows, r.cost, r.shared, r.percent]),
      },
      format,
    );
  } finally {
    w.close();
  }
}
