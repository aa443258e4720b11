/**
 * `finops focus ...`: FOCUS data. `list` shows what an import would load; `import` loads native FOCUS exports (AWS, Azure, GCP, OCI, any
 * provider; FOCUS 1.0 to 1.3) into focus.costs; `validate` checks focus.costs against the FinOps
 * Foundation's FOCUS 1.2 requirements model.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import { focus } from '../sources/focus/index.ts';
import type { FocusTarget } from '../sources/focus/plan.ts';
import type { S3Settings } from '../stores/open-store.ts';
import type { Context } from './context.ts';
import { formatOption, s3Settings } from './flags.ts';
import { type ImportFlags, importCommand, importOptions, pruneOption } from './import-command.ts';
import { listUnits } from './list-units.ts';
import { action } from './run.ts';
import { deprecationNote } from './spellings.ts';

interface Flags extends ImportFlags {
  source?: string;
  provider?: string;
  name?: string;
  region?: string;
  endpoint?: string;
}

const examples = `
Examples:
  finops focus list --source s3://billing/focus/aws-focus-1-2/ --name aws-focus
  finops focus import --source ./exports/focus-2024-09.csv.gz --provider AWS
  finops focus import --source s3://billing/focus/aws-focus-1-2/ --name aws-focus
  finops focus validate --provider aws --period 2024-09`;

export function registerFocusCommands(group: Command): Command {
  group.addHelpText('after', examples);
  formatOption(locationOptions(group.command('list')))
    .description('the billing periods an import would load, and whether the warehouse holds them')
    .addHelpText('after', examples)
    .action(action<Flags>(async (ctx, flags) => listUnits(ctx, focus, [targetOf(ctx, flags)], flags.format)));
  pruneOption(importOptions(locationOptions(group.command('import'))))
    .description('import native FOCUS files (CSV, CSV.gz, Parquet; FOCUS 1.0 to 1.3) into focus.costs')
    .addHelpText('after', examples)
    // The location was once a positional argument: still taken, but no longer shown.
    .allowExcessArguments()
    .hook('preAction', oldPositionalLocation)
    .action(action<Flags>((ctx, flags) => importCommand(ctx, flags, focus, [targetOf(ctx, flags)])));
  return group;
}

function oldPositionalLocation(command: Command): void {
  const [location, ...more] = command.args;
  if (location === undefined) return;
  if (more.length > 0) command.error(`error: unexpected arguments ${more.join(' ')}`, { exitCode: 2 });
  if (command.getOptionValue('source') !== undefined)
    command.error('error: give the location once, as --source', { exitCode: 2 });
  deprecationNote('finops focus import LOCATION', 'finops focus import --source LOCATION');
  command.setOptionValue('source', location);
}

function locationOptions(command: Command): Command {
  return command
    .option('--source <location>', 'a file or folder: local path or s3://bucket/prefix')
    .option('--provider <name>', 'provider name for files that name none (ProviderName/ServiceProviderName)')
    .option('--name <name>', 'the name this source has in the ledger (default: the file or folder name)')
    .option('--region <region>', 'AWS region of the bucket')
    .option('--endpoint <url>', 'endpoint of an S3-compatible store');
}

function targetOf(ctx: Context, flags: Flags): FocusTarget {
  const where = flags.source;
  if (!where)
    throw usageError('where are the FOCUS files?', 'pass --source PATH or --source s3://bucket/prefix');
  const { store, prefix, name } = locate(where, s3Settings(ctx.config, flags), ctx);
  return { name: flags.name ?? name, location: where, store, prefix, provider: flags.provider };
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
