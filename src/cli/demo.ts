/**
 * `finops demo`: the quick start. Generates a few months of realistic legacy CUR data in AWS's delivery
 * layout, imports it into the warehouse, and shows what landed and how to query it.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { createProgress } from '../progress.ts';
import { generateCurSample } from '../sample/aws-cur/generate.ts';
import { importCur } from '../sources/aws-cur/import.ts';
import { LocalStore } from '../stores/local-store.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { printTable, stdout } from './output.ts';
import { action } from './run.ts';
import { positive } from './sample.ts';

interface DemoFlags {
  dir: string;
  months: string;
  rows: string;
  seed: string;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('generate sample AWS CUR data, import it into the warehouse, and show the result')
    .option('--dir <dir>', 'where the sample delivery is written', '.finops/demo-bucket')
    .option('--months <n>', 'billing periods', '3')
    .option('--rows <n>', 'line items per period', '20000')
    .option('--seed <n>', 'random seed', '42')
    .addHelpText(
      'after',
      '\nExample:\n  npx finops demo\n  npx finops demo --months 6 --rows 100000 --database demo.duckdb',
    )
    .action(
      action<DemoFlags>(async (ctx, f) => {
        const exportName = 'finops-demo';
        if (existsSync(f.dir)) await rm(f.dir, { recursive: true });
        ctx.logger.info(`generating ${f.months} months of AWS CUR data into ${f.dir} ...`);
        await generateCurSample({
          out: f.dir,
          exportName,
          months: positive('--months', f.months),
          rows: positive('--rows', f.rows),
          seed: positive('--seed', f.seed, 0),
        });
        const w = await ctx.openWarehouse();
        try {
          const outcomes = await importCur(
            {
              warehouse: w,
              cache: ctx.openCache(),
              progress: createProgress(ctx.logger),
              logger: ctx.logger,
            },
            {
              exp: { store: new LocalStore(f.dir), prefix: 'cur', exportName },
              sourceName: exportName,
              location: f.dir,
              force: true,
            },
          );
          const failed = outcomes.find((o) => o.status === 'failed');
          if (failed) throw failed.error;
          await printSummary(w, ctx.config.warehouse.path);
        } finally {
          w.close();
        }
      }),
    );
}

async function printSummary(w: Warehouse, database: string): Promise<void> {
  const out = (text: string) => stdout.write(text);
  out('\nLoaded billing periods (raw CUR in aws_billing.billing_YYYY_MM, FOCUS rows in focus.costs):\n');
  printTable(
    await w.table(
      `SELECT l.billing_period, l.rows, f.billed_cost, f.effective_cost, f.currency,
              json_extract_string(l.validation, '$.status') AS focus_validation
       FROM finops_meta.loads AS l
       JOIN (SELECT strftime(BillingPeriodStart, '%Y-%m') AS billing_period, x_LoadId,
                    sum(BilledCost)::DECIMAL(38,2) AS billed_cost, sum(EffectiveCost)::DECIMAL(38,2) AS effective_cost,
                    any_value(BillingCurrency) AS currency
             FROM focus.costs GROUP BY ALL) AS f ON f.x_LoadId = l.load_id
       ORDER BY 1`,
    ),
    'table',
  );
  out('\nBilled cost per service and month (FOCUS ServiceName):\n');
  printTable(
    await w.table(
      `PIVOT (SELECT ServiceName AS service, strftime(BillingPeriodStart, '%Y-%m') AS month, BilledCost FROM focus.costs)
       ON month USING sum(BilledCost)::DECIMAL(38,2) GROUP BY service ORDER BY service`,
    ),
    'table',
  );
  const db = database === 'finops.duckdb' ? '' : ` --database ${database}`;
  out(`
The warehouse is ${database}. Try:
  npx finops status${db}
  npx finops focus validate${db}
  npx finops query${db} "SELECT ServiceCategory, SubAccountId, sum(EffectiveCost) AS cost
                    FROM focus.costs GROUP BY ALL ORDER BY cost DESC LIMIT 10"
  npx finops query${db} "SELECT Tags->>'environment' AS env, sum(BilledCost) AS cost FROM focus.costs GROUP BY ALL"
  npx finops query${db} "SELECT line_item_line_item_type, count(*) FROM aws_billing.billing GROUP BY ALL"
or open it with the DuckDB CLI: duckdb ${database}
`);
}
