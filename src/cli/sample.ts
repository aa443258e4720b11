/**
 * `finops sample aws-cur`: generate realistic billing deliveries into a folder, in the exact layout the
 * provider delivers, for trying the tool, tests and benchmarks.
 */
import type { Command } from 'commander';
import { FinopsError } from '../errors.ts';
import { formatCount } from '../format.ts';
import { type CurSampleOptions, generateCurSample } from '../sample/aws-cur/generate.ts';
import { action } from './run.ts';
import { renamedOption } from './spellings.ts';

interface SampleFlags {
  out: string;
  curVersion: string;
  months: string;
  rows: string;
  seed: string;
  start: string;
  files: string;
  versions: string;
  fileFormat: string;
  compression: string;
  delivery: string;
  prefix: string;
  name: string;
}

export function registerSampleCommands(sample: Command): Command {
  sample.addHelpText(
    'after',
    `
Examples:
  finops sample aws-cur --out ./sample-cur --months 2 --rows 5000
  finops sample azure --out ./container --months 2
  finops sample gcp --out ./bucket --months 2
  finops sample alibaba --out ./oss --months 2 --days 5`,
  );
  const command = sample
    .command('aws-cur')
    .description('AWS Cost and Usage Report deliveries (legacy CUR or CUR 2.0) with manifests')
    .requiredOption('--out <dir>', 'folder that stands for the S3 bucket')
    .option('--cur-version <v1|v2>', 'v1 = legacy CUR, v2 = CUR 2.0 (Data Exports)', 'v1')
    .option('--months <n>', 'billing periods to generate', '3')
    .option('--rows <n>', 'line items per billing period', '1000')
    .option('--seed <n>', 'random seed: the same seed gives the same data', '42')
    .option('--start <YYYY-MM>', 'first billing period', '2024-01')
    .option('--files <n>', 'data files per period', '2')
    .option('--versions <n>', 'versions per period (only the last is current)', '2')
    .option(
      '--file-format <csv|parquet>',
      'csv (gzip), or parquet (CUR 2.0, or legacy CUR for Athena)',
      'csv',
    )
    .option('--compression <gzip|zip>', 'legacy CUR CSV compression', 'gzip')
    .option('--delivery <create-new|overwrite>', 'new files per version, or overwrite in place', 'create-new')
    .option('--prefix <prefix>', 'S3 prefix before the export name', 'cur')
    .option('--name <name>', 'export (report) name', 'finops-demo')
    .addHelpText(
      'after',
      `
Examples:
  finops sample aws-cur --out ./sample-cur --cur-version v1 --months 3 --rows 50000 --seed 7
  finops aws import --source ./sample-cur --prefix cur --name finops-demo`,
    )
    .action(
      action<SampleFlags>(async (ctx, f) => {
        const options: CurSampleOptions = {
          out: f.out,
          curVersion: oneOf('--cur-version', f.curVersion, ['v1', 'v2'] as const),
          months: positive('--months', f.months),
          rows: positive('--rows', f.rows),
          seed: positive('--seed', f.seed, 0),
          start: f.start,
          files: positive('--files', f.files),
          versions: positive('--versions', f.versions),
          format: oneOf('--file-format', f.fileFormat, ['csv', 'parquet'] as const),
          compression: oneOf('--compression', f.compression, ['gzip', 'zip'] as const),
          delivery: oneOf('--delivery', f.delivery, ['create-new', 'overwrite'] as const),
          prefix: f.prefix,
          exportName: f.name,
        };
        const counter = { rows: 0 };
        const sample = await ctx.progress.step(
          `generate ${options.months} months of CUR`,
          () => generateCurSample({ ...options, counter }),
          () => ({ done: counter.rows, unit: 'rows' }),
        );
        for (const p of sample.periods) {
          ctx.logger.info(
            `${p.period}: ${formatCount(p.current.rows)} rows in ${p.current.files.length} file(s), ` +
              `unblended ${p.current.unblendedCost} USD (version ${p.current.versionId}; ${p.superseded.length} superseded)`,
          );
        }
        const prefix = sample.prefix ? ` --prefix ${sample.prefix}` : '';
        ctx.logger.info(
          `import it with: finops aws import --source ${f.out}${prefix} --name ${sample.exportName} --cur-version ${sample.curVersion}`,
        );
      }),
    );
  // `--format` is the output format everywhere else; the files' format has its own word.
  renamedOption(command, '--format <csv|parquet>', '--file-format');
  renamedOption(command, '--export-name <name>', '--name');
  return sample;
}

export function positive(flag: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new FinopsError(`${flag} takes a whole number >= ${min}`, { kind: 'usage' });
  return n;
}

export function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new FinopsError(`${flag} must be one of ${allowed.join(', ')}`, { kind: 'usage' });
  }
  return text as T;
}
