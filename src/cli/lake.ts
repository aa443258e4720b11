/**
 * `finops lake export`: the warehouse as a Hive-partitioned Parquet lake with catalog DDL for Athena,
 * Trino and Spark, to S3 (or S3-compatible) or a local folder.
 */
import type { Command } from 'commander';
import { gcpLateDays } from '../focus/period-status.ts';
import { loadGovernance } from '../govern/load-policy.ts';
import { exportLake } from '../publish/lake/export.ts';
import type { Context } from './context.ts';
import { formatOption, type PeriodFlags, periodOptions, periodRange, s3Settings } from './flags.ts';
import { type Column, defaultFormat, printTable, stdout } from './output.ts';
import { action } from './run.ts';
import { oneOf } from './sample.ts';

interface LakeFlags extends PeriodFlags {
  to: string;
  provider?: string;
  compression: string;
  force?: boolean;
  region?: string;
  endpoint?: string;
  format?: string;
}

export function registerLakeCommands(lake: Command): void {
  lake.addHelpText(
    'after',
    '\nExamples:\n  finops lake export --to ./lake\n  finops lake export --to s3://analytics-lake/finops --start 2024-01',
  );
  const command = lake
    .command('export')
    .description(
      'write focus.costs and the governed tables as Hive-partitioned Parquet, plus catalog DDL for Athena, Trino and Spark',
    )
    .requiredOption('--to <location>', 's3://bucket/prefix or a local folder')
    .option('--provider <name>', 'only this provider (ServiceProviderName)');
  formatOption(periodOptions(command))
    .option('--compression <zstd|snappy>', 'Parquet compression', 'zstd')
    .option('--force', 'rewrite partitions even when their content has not changed')
    .option('--region <region>', 'AWS region of the bucket')
    .option('--endpoint <url>', 'endpoint of an S3-compatible store')
    .addHelpText(
      'after',
      `
Examples:
  finops lake export --to s3://analytics-lake/finops
  finops lake export --to ./lake --provider AWS --start 2024-01 --end 2024-06 --compression snappy
Then run catalog/athena.sql (or trino.sql, spark.sql) from the lake's root in your engine.`,
    )
    .action(action<LakeFlags>(exportCommand));
}

async function exportCommand(ctx: Context, flags: LakeFlags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const { start, end } = periodRange(flags);
  const { store, prefix } = ctx.openStore(flags.to, { s3: s3Settings(ctx.config, flags) });
  const governance = loadGovernance(ctx.config, ctx.configFile);
  const w = await ctx.openWarehouse({ readOnly: true });
  try {
    const outcomes = await ctx.progress.step(
      `export lake to ${flags.to}`,
      () =>
        exportLake(
          w,
          {
            store,
            prefix,
            scope: { provider: flags.provider, start, end },
            parquet: { compression: oneOf('--compression', flags.compression, ['zstd', 'snappy'] as const) },
            force: flags.force,
            governance: { ownerKey: governance.tags?.ownerKey, unallocated: governance.tags?.unallocated },
            periodStatus: { gcpLateDays: gcpLateDays(ctx.config) },
          },
          ctx.logger,
        ),
      () => ({ fraction: w.statementProgress() }),
    );
    const rows = outcomes.map((o) => [o.table, o.partition, o.status, o.rows, o.bytes]);
    const columns: Column[] = [
      { name: 'table', kind: 'id' },
      { name: 'partition', kind: 'id' },
      { name: 'status' },
      { name: 'rows', kind: 'count' },
      { name: 'bytes', kind: 'bytes' },
    ];
    printTable({ columns, rows }, format);
  } finally {
    w.close();
  }
}
