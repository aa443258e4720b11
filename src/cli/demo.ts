/**
 * `finops demo`: the quick start. Generates a few months of realistic legacy CUR data in AWS's delivery
 * layout, imports it into the warehouse, and shows what landed and how to query it.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { generateCurSample } from '../sample/aws-cur/generate.ts';
import { awsCur } from '../sources/aws-cur/index.ts';
import { LocalStore } from '../stores/local-store.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { importAlibabaDemo } from './alibaba-sample.ts';
import { importAzureDemo } from './azure-sample.ts';
import { importGcpDemo } from './gcp-sample.ts';
import { importOrThrow } from './import-command.ts';
import { printTable, stdout } from './output.ts';
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
        await generateCurSample({ out: f.dir, exportName, months, rows: positive('--rows', f.rows), seed });
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
          await printSummary(w, ctx.config.warehouse.path);
        } finally {
          w.close();
        }
      }),
    );
}

async function printSummary(w: Warehouse, database: string): Promise<void> {
  const out = (text: string) => stdout.write(text);
  out(
    '\nLoaded billing periods (FOCUS rows in focus.costs; raw rows in aws_billing, azure_billing, gcp_billing and alibaba_billing):\n',
  );
  printTable(
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
    'table',
  );
  out('\nBilled cost per service category and month:\n');
  printTable(
    await w.table(
      `PIVOT (SELECT ServiceCategory AS category, strftime(BillingPeriodStart, '%Y-%m') AS month, BilledCost,
                     BillingCurrency AS currency FROM focus.costs)
       ON month USING sum(BilledCost)::DECIMAL(38,2) GROUP BY category, currency ORDER BY currency, category`,
    ),
    'table',
  );
  const db = database === 'finops.duckdb' ? '' : ` --database ${database}`;
  out(`
The warehouse is ${database}. Try:
  npx finops serve${db}                 # the dashboard, on http://127.0.0.1:8080
  npx finops status${db}
  npx finops focus validate${db} --provider AWS
  npx finops anomalies${db}
  npx finops query${db} "SELECT ServiceProviderName, ServiceName, sum(EffectiveCost) AS cost
                    FROM focus.costs GROUP BY ALL ORDER BY cost DESC LIMIT 10"
  npx finops query${db} "SELECT Tags->>'environment' AS env, sum(BilledCost) AS cost FROM focus.costs GROUP BY ALL"
or open it with the DuckDB CLI: duckdb ${database}
`);
}
