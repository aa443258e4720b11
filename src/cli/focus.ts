/**
 * `finops focus ...`: FOCUS data. `import` loads native FOCUS exports (AWS, Azure, GCP, OCI, any
 * provider; FOCUS 1.0 to 1.3) into focus.costs; `validate` checks focus.costs against the FinOps
 * Foundation's FOCUS 1.2 requirements model.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { focus } from '../sources/focus/index.ts';
import type { S3Settings } from '../stores/open-store.ts';
import type { Context } from './context.ts';
import { s3Settings } from './flags.ts';
import { type ImportFlags, importCommand, importOptions, pruneOption } from './import-command.ts';
import { action } from './run.ts';

interface Flags extends ImportFlags {
  provider?: string;
  name?: string;
  region?: string;
  endpoint?: string;
}

export function registerFocusCommands(group: Command): Command {
  pruneOption(importOptions(group.command('import')))
    .description('import native FOCUS files (CSV, CSV.gz, Parquet; FOCUS 1.0 to 1.3) into focus.costs')
    .argument('<location>', 'a file or folder: local path or s3://bucket/prefix')
    .option('--provider <name>', 'provider name for files that name none (ProviderName/ServiceProviderName)')
    .option('--name <name>', 'the name this source has in the ledger (default: the file or folder name)')
    .option('--region <region>', 'AWS region of the bucket')
    .option('--endpoint <url>', 'endpoint of an S3-compatible store')
    .addHelpText(
      'after',
      `
Examples:
  finops focus import ./exports/focus-2024-09.csv.gz --provider AWS
  finops focus import s3://billing/focus/aws-focus-1-2/ --name aws-focus
  finops focus import ../shared/samples/focus-1.0/focus_sample.csv`,
    )
    .action(action<Flags>(importFiles));
  return group;
}

async function importFiles(ctx: Context, flags: Flags, [location]: string[]): Promise<number> {
  const where = location as string;
  const { store, prefix, name } = locate(where, s3Settings(ctx.config, flags), ctx);
  const target = { name: flags.name ?? name, location: where, store, prefix, provider: flags.provider };
  return importCommand(ctx, flags, focus, [target]);
}

/** A single file is read through its folder's store; its name (without extensions) names the source. */
function locate(where: string, s3: S3Settings, ctx: Context) {
  const { store, prefix } = ctx.openStore(where, { s3 });
  if (store.isLocal && store.localPath && /\.(csv|csv\.gz|parquet)$/i.test(where)) {
    const dir = path.dirname(path.resolve(where));
    const local = ctx.openStore(dir);
    return { store: local.store, prefix: path.basename(where), name: sourceNameOf(where) };
  }
  return { store, prefix, name: sourceNameOf(prefix || where) };
}

function sourceNameOf(location: string): string {
  const base = location.replace(/\/+$/, '').split('/').pop() ?? 'focus';
  return base.replace(/\.(csv|csv\.gz|parquet)$/i, '') || 'focus';
}
