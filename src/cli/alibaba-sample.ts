/**
 * `finops sample alibaba` (an Alibaba Cloud FOCUS export as the bill subscription pushes it to OSS) and
 * the demo's entry point, which writes such an export and imports it.
 */
import type { Command } from 'commander';
import { alibabaSettings } from '../config/alibaba.ts';
import { formatCount } from '../format.ts';
import type { UnitOutcome } from '../pipeline/outcome.ts';
import { sampleNames } from '../sample/alibaba/catalog.ts';
import { generateAlibabaSample } from '../sample/alibaba/generate.ts';
import { alibaba } from '../sources/alibaba/index.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { targetOf } from './alibaba.ts';
import type { Context } from './context.ts';
import { importOrThrow } from './import-command.ts';
import { action } from './run.ts';
import { oneOf, positive } from './sample.ts';

/**
 * For `finops demo`: writes a sample Alibaba export into `dir` and imports it (source `alibaba-demo`,
 * names for the sample's codes), into the warehouse the demo already holds.
 */
export async function importAlibabaDemo(
  ctx: Context,
  w: Warehouse,
  dir: string,
  options: { months?: number; seed?: number; start?: string } = {},
): Promise<UnitOutcome[]> {
  const sample = await generateAlibabaSample({
    out: dir,
    months: options.months ?? 3,
    days: 7,
    rowsPerDay: 60,
    seed: options.seed ?? 42,
    start: options.start,
  });
  const settings = { name: 'alibaba-demo', source: dir, prefix: sample.prefix, names: sampleNames };
  return importOrThrow(ctx, w, alibaba, targetOf(ctx, alibabaSettings(undefined, settings, {})));
}

/** `finops sample alibaba`, on the `sample` command group. */
export function registerAlibabaSampleCommand(sample: Command): void {
  sample
    .command('alibaba')
    .description(
      'an Alibaba Cloud FOCUS export as the bill subscription pushes it to OSS (daily gzip CSV batches)',
    )
    .requiredOption('--out <dir>', 'folder that stands for the OSS bucket')
    .option('--prefix <prefix>', "the subscription's OSS directory", 'billing/focus')
    .option('--months <n>', 'billing months', '3')
    .option('--days <n>', 'charge days (daily batches) per month (default: the whole month)')
    .option('--rows-per-day <n>', 'usage rows per day', '40')
    .option('--files-per-batch <n>', 'files per batch', '1')
    .option('--seed <n>', 'random seed: the same seed gives the same data', '42')
    .option('--start <YYYY-MM>', 'first billing month', '2024-01')
    .option('--cumulative', 'every batch holds the month so far (import with --batches snapshot)')
    .option(
      '--timestamps <style>',
      'beijing (no offset, as the preview writes), offset (+08:00) or utc',
      'beijing',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  finops sample alibaba --out ./oss --months 2 --days 5\n  finops alibaba import --source ./oss --prefix billing/focus --code 1011="Alibaba Cloud (Singapore) Private Limited"',
    )
    .action(
      action<Record<string, string | boolean | undefined>>(async (ctx, f) => {
        const result = await generateAlibabaSample({
          out: f.out as string,
          prefix: f.prefix as string,
          months: positive('--months', f.months as string),
          days: f.days === undefined ? undefined : positive('--days', f.days as string),
          rowsPerDay: positive('--rows-per-day', f.rowsPerDay as string),
          filesPerBatch: positive('--files-per-batch', f.filesPerBatch as string),
          seed: positive('--seed', f.seed as string, 0),
          start: f.start as string,
          cumulative: Boolean(f.cumulative),
          timestamps: oneOf('--timestamps', f.timestamps as string, ['beijing', 'offset', 'utc'] as const),
        });
        for (const p of result.periods) {
          ctx.logger.info(`${p.period}: ${formatCount(p.rows)} rows, billed ${p.billedCost} USD`);
        }
        const codes = Object.entries(sampleNames)
          .map(([code, name]) => ` --code ${code}=${JSON.stringify(name)}`)
          .join('');
        ctx.logger.info(
          `${result.batches.length} batches written; import them with: finops alibaba import --source ${f.out as string} --prefix ${result.prefix}${f.cumulative ? ' --batches snapshot' : ''}${codes}`,
        );
      }),
    );
}
