/**
 * `finops demo`: the quick start. Generates a few months of realistic billing data of four clouds in
 * their delivery layouts, imports it, applies a demo tag policy and allocation rule (demo-policy.ts),
 * and shows what landed and the commands to try next.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { allocatePeriod } from '../govern/allocate.ts';
import { focusPeriods } from '../govern/governed-costs.ts';
import { reapplyTagPolicy } from '../govern/reapply-tag-policy.ts';
import { generateCurSample } from '../sample/aws-cur/generate.ts';
import { awsCur } from '../sources/aws-cur/index.ts';
import { LocalStore } from '../stores/local-store.ts';
import type { Json, Warehouse } from '../warehouse/warehouse.ts';
import { importAlibabaDemo } from './alibaba-sample.ts';
import { importAzureDemo } from './azure-sample.ts';
import type { Context } from './context.ts';
import { demoGovernance } from './demo-policy.ts';
import { importGcpDemo } from './gcp-sample.ts';
import { importOrThrow } from './import-command.ts';
import { type Column, printTable, stdout, type Table } from './output.ts';
import { action } from './run.ts';
import { positive } from './sample.ts';

interface DemoFlags {
  dir: string;
  months: string;
  rows: string;
  seed: string;
}

export function registerDemoCommand(command: Command): void {
  command
    .option('--dir <dir>', 'where the sample delivery is written', '.finops/demo-bucket')
    .option('--months <n>', 'billing periods', '3')
    .option('--rows <n>', 'line items per period', '20000')
    .option('--seed <n>', 'random seed', '42')
    .addHelpText(
      'after',
      '\nExamples:\n  npx finops demo\n  npx finops demo --months 6 --rows 100000 --database demo.duckdb',
    )
    .action(
      action<DemoFlags>(async (ctx, f) => {
        const exportName = 'finops-demo';
        if (existsSync(f.dir)) await rm(f.dir, { recursive: true });
        const months = positive('--months', f.months);
        const seed = positive('--seed', f.seed, 0);
        ctx.logger.info(`generating ${months} months of AWS CUR data into ${f.dir} ...`);
        const counter = { rows: 0 };
        await ctx.progress.step(
          'generate AWS CUR',
          () =>
            generateCurSample({
              out: f.dir,
              exportName,
              months,
              rows: positive('--rows', f.rows),
              seed,
              counter,
            }),
          () => ({ done: counter.rows, unit: 'rows' }),
        );
        const w = await ctx.openWarehouse();
        try {
          await importOrThrow(ctx, w, awsCur, {
            name: exportName,
            location: f.dir,
            exp: { store: new LocalStore(f.dir), prefix: 'cur', exportName },
          });
          const alibabaDir = path.join(path.dirname(f.dir), 'demo-alibaba');
          if (existsSync(alibabaDir)) await rm(alibabaDir, { recursive: true });
          ctx.logger.info(
            `generating ${months} months of Alibaba Cloud FOCUS daily batches into ${alibabaDir} ...`,
          );
          await importAlibabaDemo(ctx, w, alibabaDir, { months, seed });
          const gcpDir = path.join(path.dirname(f.dir), 'demo-gcp');
          if (existsSync(gcpDir)) await rm(gcpDir, { recursive: true });
          ctx.logger.info(`generating ${months} months of GCP billing export files into ${gcpDir} ...`);
          await importGcpDemo(ctx, w, gcpDir, { months, seed });
          const azureDir = path.join(path.dirname(f.dir), 'demo-azure');
          if (existsSync(azureDir)) await rm(azureDir, { recursive: true });
          ctx.logger.info(
            `generating ${months} months of Azure Cost Management exports into ${azureDir} ...`,
          );
          await importAzureDemo(ctx, w, azureDir, { months, seed });
          const governed = await governDemo(ctx, w);
          await printSummary(w, ctx.config.warehouse.path, governed);
        } finally {
          w.close();
        }
      }),
    );
}

/** Applies the tag policy and the allocation rules to every loaded period; says which policy. */
async function governDemo(ctx: Context, w: Warehouse): Promise<string> {
  const { governance, note } = await demoGovernance(ctx);
  if (governance.tags) await reapplyTagPolicy(w, governance.tags);
  const unallocated = governance.tags?.unallocated ?? 'Unallocated';
  for (const period of await focusPeriods(w)) {
    await allocatePeriod(w, period, { rules: governance.rules, unallocated });
  }
  ctx.logger.info(`tag policy and allocation rules applied: ${note}`);
  return note;
}

async function printSummary(w: Warehouse, database: string, policy: string): Promise<void> {
  const out = (text: string) => stdout.write(text);
  out(
    '\nLoaded billing periods (FOCUS rows in focus.costs; raw rows in aws_billing, azure_billing, gcp_billing and alibaba_billing):\n',
  );
  printTable(
    withKinds(
      await w.table(
        `WITH validation AS (
         SELECT source_type, billing_period,
                CASE WHEN bool_and(json_extract_string(validation, '$.status') = 'passed') THEN 'passed'
                     ELSE 'failed: ' || max(json_extract(validation, '$.mandatoryFailures')::INTEGER) || ' mandatory rules'
                END AS focus_validation
         FROM finops_meta.loads WHERE status = 'succeeded' GROUP BY ALL)
       SELECT ServiceProviderName AS provider, strftime(BillingPeriodStart, '%Y-%m') AS billing_period,
              count(*) AS rows, sum(BilledCost)::DECIMAL(38,2) AS billed_cost,
              sum(EffectiveCost)::DECIMAL(38,2) AS effective_cost, BillingCurrency AS currency,
              any_value(v.focus_validation) AS focus_validation
       FROM focus.costs AS c
       LEFT JOIN validation AS v ON v.source_type = c.x_SourceType AND v.billing_period = strftime(c.BillingPeriodStart, '%Y-%m')
       GROUP BY ALL ORDER BY 1, 2`,
      ),
    ),
    'table',
  );
  out('\nBilled cost per service category and month:\n');
  printTable(
    withKinds(
      await w.table(
        `PIVOT (SELECT ServiceCategory AS category, strftime(BillingPeriodStart, '%Y-%m') AS month, BilledCost,
                     BillingCurrency AS currency FROM focus.costs)
       ON month USING sum(BilledCost)::DECIMAL(38,2) GROUP BY category, currency ORDER BY currency, category`,
      ),
    ),
    'table',
  );
  const db = database === 'finops.duckdb' ? '' : ` --database ${database}`;
  // The suggested queries group by currency: the demo bills in USD and EUR, and a sum of both means nothing.
  out(`
The warehouse is ${database}; the tag policy and allocation rule: ${policy}.
Try next:
  npx finops status${db}                          # what was loaded, from where, and whether it reconciled
  npx finops serve${db}                           # the dashboard, on http://127.0.0.1:8080
  npx finops tags report${db}                     # tag compliance under the demo policy
  npx finops showback${db} --by cost_center       # spend per cost center, AWS support shared out
  npx finops anomalies${db}                       # what changed in daily spend
  npx finops query${db} "SELECT ServiceProviderName, BillingCurrency AS currency, sum(EffectiveCost) AS cost
                    FROM focus.costs GROUP BY ALL ORDER BY cost DESC"
  npx finops query${db} "SELECT Tags->>'environment' AS env, BillingCurrency AS currency, sum(BilledCost) AS cost
                    FROM focus.costs GROUP BY ALL ORDER BY env, currency"
Every command has --help with examples; \`finops completion bash\` adds Tab completion.
`);
}

/** The summary's columns as the shared printer shows them: counts grouped, money with its currency. */
function withKinds(table: { columns: string[]; rows: Json[][] }): Table {
  const kind = (name: string): Column => {
    if (name === 'rows') return { name, kind: 'count' };
    if (/_cost$|^\d{4}-\d{2}$/.test(name)) return { name, kind: 'money' };
    return { name, kind: 'id' };
  };
  return { columns: table.columns.map(kind), rows: table.rows };
}
