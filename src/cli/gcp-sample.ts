/**
 * `finops sample gcp` (a GCP billing export as files: newline-delimited JSON, nested as BigQuery
 * exports it) and the demo's entry point, which writes such an export and imports it. The demo cannot
 * reach BigQuery, so it reads the file form; the rows are the ones a BigQuery table would hold.
 */
import type { Command } from 'commander';
import { formatCount } from '../format.ts';
import type { UnitOutcome } from '../pipeline/outcome.ts';
import { generateGcpSample } from '../sample/gcp/generate.ts';
import { gcp } from '../sources/gcp/index.ts';
import { LocalStore } from '../stores/local-store.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { importOrThrow } from './import-command.ts';
import { action } from './run.ts';
import { positive } from './sample.ts';

/** For `finops demo`: a sample export in `dir`, imported as source `gcp-demo` into the demo's warehouse. */
export async function importGcpDemo(
  ctx: Context,
  w: Warehouse,
  dir: string,
  options: { months?: number; seed?: number; start?: string } = {},
): Promise<UnitOutcome[]> {
  const sample = await generateGcpSample({
    out: dir,
    months: options.months ?? 3,
    days: 7,
    rowsPerDay: 60,
    gzip: true,
    seed: options.seed ?? 42,
    start: options.start,
  });
  return importOrThrow(ctx, w, gcp, {
    name: 'gcp-demo',
    location: dir,
    origin: { kind: 'files', store: new LocalStore(dir), prefix: sample.prefix },
  });
}

/** `finops sample gcp`, on the `sample` command group. */
export function registerGcpSampleCommand(sample: Command): void {
  sample
    .command('gcp')
    .description('a GCP billing export (detailed table) as exported files: newline-delimited JSON per month')
    .requiredOption('--out <dir>', 'folder that stands for the bucket')
    .option('--prefix <prefix>', 'folder in the bucket', 'gcp-billing')
    .option('--months <n>', 'invoice months', '3')
    .option('--days <n>', 'usage days per month (default: the whole month)')
    .option('--rows-per-day <n>', 'usage rows per day', '40')
    .option('--files-per-month <n>', 'files per month', '1')
    .option('--no-gzip', 'plain .json instead of .json.gz')
    .option('--seed <n>', 'random seed: the same seed gives the same data', '42')
    .option('--start <YYYY-MM>', 'first invoice month', '2024-01')
    .addHelpText(
      'after',
      '\nExamples:\n  finops sample gcp --out ./bucket --months 2 --days 5\n  finops gcp import --source ./bucket/gcp-billing',
    )
    .action(
      action<Record<string, string | boolean | undefined>>(async (ctx, f) => {
        const result = await generateGcpSample({
          out: f.out as string,
          prefix: f.prefix as string,
          months: positive('--months', f.months as string),
          days: f.days === undefined ? undefined : positive('--days', f.days as string),
          rowsPerDay: positive('--rows-per-day', f.rowsPerDay as string),
          filesPerMonth: positive('--files-per-month', f.filesPerMonth as string),
          gzip: f.gzip !== false,
          seed: positive('--seed', f.seed as string, 0),
          start: f.start as string,
        });
        for (const m of result.months) {
          ctx.logger.info(
            `${m.period}: ${formatCount(m.rows)} rows, cost ${m.cost} USD, credits ${m.credits} USD, invoiced ${m.billed} USD`,
          );
        }
        ctx.logger.info(`import it with: finops gcp import --source ${f.out as string}/${result.prefix}`);
      }),
    );
}
