/**
 * The `finops` command line: global flags, then one file per command group. No business logic here.
 */
import { Command } from 'commander';
import { registerAlibabaCommands } from './alibaba.ts';
import { registerAlibabaSampleCommand } from './alibaba-sample.ts';
import { registerAllocateCommands } from './allocate.ts';
import { registerAnomalyCommands } from './anomalies.ts';
import { registerAwsCommands } from './aws.ts';
import { registerAzureCommands } from './azure.ts';
import { registerAzureSampleCommand } from './azure-sample.ts';
import { registerCommitmentsCommand } from './commitments.ts';
import { registerDemoCommand } from './demo.ts';
import { registerExportCommands } from './export.ts';
import { registerFocusCommands } from './focus.ts';
import { registerFocusValidate } from './focus-validate.ts';
import { registerGcpCommands } from './gcp.ts';
import { registerGcpSampleCommand } from './gcp-sample.ts';
import { registerLakeCommands } from './lake.ts';
import { registerQueryCommand } from './query.ts';
import { registerSampleCommands } from './sample.ts';
import { registerServeCommand } from './serve.ts';
import { registerStatusCommand } from './status.ts';
import { registerTagsCommands } from './tags.ts';

export function buildProgram(): Command {
  const program = new Command('finops')
    .description('Multi-cloud billing data pipeline: cloud billing exports into one DuckDB warehouse.')
    .version('0.1.0')
    .option('--config <path>', 'configuration file (default: ./config.toml when present)')
    .option('--database <path>', 'warehouse file (default: ./finops.duckdb)')
    .option('--log-level <level>', 'debug, info, warn or error')
    .option('-v, --verbose', 'debug logging and stack traces')
    .option('-q, --quiet', 'only warnings and errors on stderr')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });
  program.exitOverride((err) => {
    // Commander's own usage errors (unknown option, missing argument) exit 2 like ours.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
  registerDemoCommand(program);
  registerAwsCommands(program);
  registerAlibabaCommands(program);
  registerAzureCommands(program);
  registerGcpCommands(program);
  registerFocusValidate(registerFocusCommands(program));
  registerLakeCommands(program);
  registerExportCommands(program);
  registerAnomalyCommands(program);
  registerTagsCommands(program);
  registerAllocateCommands(program);
  registerCommitmentsCommand(program);
  registerServeCommand(program);
  registerStatusCommand(program);
  registerQueryCommand(program);
  registerAlibabaSampleCommand(registerSampleCommands(program));
  registerGcpSampleCommand(program);
  registerAzureSampleCommand(program);
  return program;
}
