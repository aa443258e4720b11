/**
 * `finops sample azure` (Cost Management exports as delivered to a storage container) and the demo's
 * entry point, which writes such exports and imports them.
 */
import type { Command } from 'commander';
import type { UnitOutcome } from '../pipeline/outcome.ts';
import { generateAzureSample } from '../sample/azure/generate.ts';
import { azure } from '../sources/azure/index.ts';
import { openStore } from '../stores/open-store.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { importOrThrow } from './import-command.ts';
import { action } from './run.ts';
import { oneOf, positive } from './sample.ts';

/** For `finops demo`: writes sample exports into `dir` and imports them as source `azure-demo`. */
export async function importAzureDemo(
  ctx: Context,
  w: Warehouse,
  dir: string,
  options: { months?: number; seed?: number; start?: string } = {},
): Promise<UnitOutcome[]> {
  const sample = await generateAzureSample({
    out: dir,
    months: options.months ?? 3,
    days: 7,
    rowsPerDay: 30,
    seed: options.seed ?? 42,
    start: options.start,
  });
  return importOrThrow(ctx, w, azure, {
    name: 'azure-demo',
    location: dir,
    exp: { store: openStore(dir).store, prefix: sample.root },
  });
}

/** `finops sample azure`, on the `sample` command group. */
export function registerAzureSampleCommand(sample: Command): void {
  sample
    .command('azure')
    .description('Azure Cost Management exports (FocusCost, ActualCost, AmortizedCost) with their manifests')
    .requiredOption('--out <dir>', 'folder that stands for the storage container')
    .option('--root <folder>', "the exports' root folder in the container", 'exports')
    .option('--months <n>', 'months', '2')
    .option('--days <n>', 'days per month (default: the whole month)')
    .option('--rows-per-day <n>', 'usage rows per day', '20')
    .option('--agreement <ea|mca>', 'column names of the cost details exports: EA or MCA', 'ea')
    .option('--no-gzip', 'plain CSV instead of CSV.gz')
    .option('--seed <n>', 'random seed: the same seed gives the same data', '42')
    .option('--start <YYYY-MM>', 'first month', '2024-01')
    .addHelpText(
      'after',
      '\nExamples:\n  finops sample azure --out ./container --months 2 --days 10 --agreement mca\n  finops azure import --source ./container',
    )
    .action(
      action<Record<string, string | boolean | undefined>>(async (ctx, f) => {
        const result = await generateAzureSample({
          out: f.out as string,
          root: f.root as string,
          months: positive('--months', f.months as string),
          days: f.days === undefined ? undefined : positive('--days', f.days as string),
          rowsPerDay: positive('--rows-per-day', f.rowsPerDay as string),
          agreement: oneOf('--agreement', f.agreement as string, ['ea', 'mca'] as const),
          gzip: f.gzip !== false,
          seed: positive('--seed', f.seed as string, 0),
          start: f.start as string,
        });
        for (const m of result.months) {
          ctx.logger.info(
            `${m.period}: ${m.focusRows} FOCUS rows, billed ${m.billedCost} EUR, effective ${m.effectiveCost} EUR`,
          );
        }
        ctx.logger.info(
          `exports ${result.exports.join(', ')} written; import them with: finops azure import --source ${f.out as string}`,
        );
      }),
    );
}
