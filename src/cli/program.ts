/**
 * The `finops` command line: global flags, then the top-level commands of cli/commands.ts. Only the
 * command being run is defined in full (its module loaded); the others are listed by name and
 * description for `--help`, which keeps start-up fast. No business logic here.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { topCommands } from './commands.ts';

const examples = `
Examples:
  finops demo                                         # sample data from four clouds, imported
  finops aws import --source s3://my-billing/cur --name monthly-cur
  finops status
  finops showback --by cost_center --period 2024-03
  finops completion bash > ~/.local/share/bash-completion/completions/finops

Every command and group has --help with examples: finops aws --help, finops aws import --help.`;

/** Global options that take a value, so the word after them is not taken for the command. */
const globalsWithValue = new Set(['--config', '--database', '--log-level']);

export async function buildProgram(argv: string[]): Promise<Command> {
  return define(commandNamed(argv.slice(2)));
}

/** Every command defined in full: for shell completion, which needs the whole tree. */
export function buildFullProgram(): Promise<Command> {
  return define(undefined, true);
}

async function define(wanted: string | undefined, all = false): Promise<Command> {
  const program = new Command('finops')
    .description('Multi-cloud billing data pipeline: cloud billing exports into one DuckDB warehouse.')
    .version(packageVersion())
    .option('--config <path>', 'configuration file (default: ./config.toml when present)')
    .option('--database <path>', 'warehouse file (default: ./finops.duckdb)')
    .option('--log-level <level>', 'debug, info, warn or error')
    .option('-v, --verbose', 'debug logging and stack traces')
    .option('-q, --quiet', 'only warnings, errors and one line per step over 2 s on stderr')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', examples)
    .configureOutput({ outputError: (text, write) => write(text) });
  program.exitOverride((err) => {
    // Commander's own usage errors (unknown option, missing argument) exit 2 like ours.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
  for (const [name, top] of Object.entries(topCommands)) {
    const command = program.command(name).description(top.description);
    if (all || name === wanted) await top.define(command);
  }
  return program;
}

/** The top-level command the arguments name (`finops help aws` names aws), if any. */
export function commandNamed(args: string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const arg = args[i] as string;
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      if (globalsWithValue.has(arg)) i++;
      continue;
    }
    words.push(arg);
    if (arg !== 'help') break;
  }
  return words[0] === 'help' ? words[1] : words[0];
}

function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
