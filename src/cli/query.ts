/**
 * `finops query "SQL"`: a read-only query of the warehouse (the database is opened read-only, so no
 * statement can change it).
 */
import type { Command } from 'commander';
import { FinopsError } from '../errors.ts';
import { defaultFormat, printTable, stdout } from './output.ts';
import { action } from './run.ts';

interface QueryOptions {
  format?: string;
}

export function registerQueryCommand(command: Command): void {
  command
    .argument('<sql>', 'the query, e.g. "SELECT * FROM aws_billing.billing LIMIT 10"')
    .option('--format <format>', 'table (default on a terminal), csv (default when piped), json or ndjson')
    .addHelpText(
      'after',
      `
Examples:
  finops query "SELECT billing_period, count(*) FROM finops_meta.loads GROUP BY ALL"
  finops query "SELECT line_item_product_code, sum(line_item_unblended_cost) AS cost
                FROM aws_billing.billing GROUP BY ALL ORDER BY cost DESC" --format csv > costs.csv`,
    )
    .action(
      action<QueryOptions>(async (ctx, options, [sql]) => {
        const format = defaultFormat(stdout, options.format);
        const w = await ctx.openWarehouse({ readOnly: true });
        try {
          printTable(await w.table(sql as string), format);
        } catch (error) {
          throw new FinopsError(`query failed: ${(error as Error).message.split('\n')[0]}`, {
            kind: 'usage',
            cause: error,
          });
        } finally {
          w.close();
        }
      }),
    );
}
