/**
 * The top-level commands: what each is for, and the module that defines it. The program loads only the
 * module of the command being run, so `finops --help` and `finops status` never load a cloud SDK or
 * the code of commands they do not run.
 */
import type { Command } from 'commander';

export interface TopCommand {
  description: string;
  /** Defines the command's options, subcommands and action on the command the program created. */
  define(command: Command): Promise<void>;
}

export const topCommands = {
  demo: {
    description:
      'generate sample AWS, Azure, GCP and Alibaba billing data, import it into the warehouse, and show the result',
    define: async (c) => (await import('./demo.ts')).registerDemoCommand(c),
  },
  aws: {
    description: 'AWS Cost and Usage Reports (legacy CUR and CUR 2.0)',
    define: async (c) => (await import('./aws.ts')).registerAwsCommands(c),
  },
  alibaba: {
    description: "Alibaba Cloud's FOCUS 1.0 (preview) export: list and import its batches",
    define: async (c) => (await import('./alibaba.ts')).registerAlibabaCommands(c),
  },
  azure: {
    description: 'Azure Cost Management exports (FocusCost, ActualCost, AmortizedCost)',
    define: async (c) => (await import('./azure.ts')).registerAzureCommands(c),
  },
  gcp: {
    description: 'the Google Cloud billing export (BigQuery, or files)',
    define: async (c) => (await import('./gcp.ts')).registerGcpCommands(c),
  },
  focus: {
    description: 'FOCUS data: import native FOCUS exports, validate conformance',
    define: async (c) => {
      const [{ registerFocusCommands }, { registerFocusValidate }] = await Promise.all([
        import('./focus.ts'),
        import('./focus-validate.ts'),
      ]);
      registerFocusValidate(registerFocusCommands(c));
    },
  },
  lake: {
    description: 'the Parquet lake: focus.costs for Athena, Trino and Spark',
    define: async (c) => (await import('./lake.ts')).registerLakeCommands(c),
  },
  export: {
    description: 'publish the warehouse to other tools',
    define: async (c) => (await import('./export.ts')).registerExportCommands(c),
  },
  anomalies: {
    description: 'find cost spikes in daily spend (focus.costs), store them, alert each incident once',
    define: async (c) => (await import('./anomalies.ts')).registerAnomalyCommands(c),
  },
  tags: {
    description: 'tag policy: compliance reports, alerts, re-applying the policy',
    define: async (c) => (await import('./tags.ts')).registerTagsCommands(c),
  },
  allocate: {
    description:
      'split shared costs by [[govern.allocation.rules]] into govern.allocated_costs (totals unchanged)',
    define: async (c) => (await import('./allocate.ts')).registerAllocateCommand(c),
  },
  showback: {
    description: 'spend per owner (a tag key) after shared-cost allocation, per currency',
    define: async (c) => (await import('./allocate.ts')).registerShowbackCommand(c),
  },
  commitments: {
    description: 'commitment discounts: utilization, coverage, savings against list cost, expiring soon',
    define: async (c) => (await import('./commitments.ts')).registerCommitmentsCommand(c),
  },
  serve: {
    description: 'a local web dashboard over the warehouse (read-only)',
    define: async (c) => (await import('./serve.ts')).registerServeCommand(c),
  },
  forget: {
    description: 'remove billing periods a source no longer delivers (an import reports them as vanished)',
    define: async (c) => (await import('./forget.ts')).registerForgetCommand(c),
  },
  status: {
    description: 'show the load ledger: what was loaded, when, which version, rows, cost and outcome',
    define: async (c) => (await import('./status.ts')).registerStatusCommand(c),
  },
  query: {
    description: 'run a read-only SQL query against the warehouse',
    define: async (c) => (await import('./query.ts')).registerQueryCommand(c),
  },
  completion: {
    description: 'print a bash or zsh completion script for finops',
    define: async (c) => (await import('./completion.ts')).registerCompletionCommand(c),
  },
  sample: {
    description: "generate sample billing data in the providers' delivery layouts",
    define: async (c) => {
      const [aws, alibaba, gcp, azure] = await Promise.all([
        import('./sample.ts'),
        import('./alibaba-sample.ts'),
        import('./gcp-sample.ts'),
        import('./azure-sample.ts'),
      ]);
      aws.registerSampleCommands(c);
      alibaba.registerAlibabaSampleCommand(c);
      gcp.registerGcpSampleCommand(c);
      azure.registerAzureSampleCommand(c);
    },
  },
} satisfies Record<string, TopCommand>;
