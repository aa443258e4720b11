/**
 * `finops query "SQL"`: one read-only statement against the warehouse. The database is opened read-only
 * and the session sandboxed before the user's SQL runs (no files outside the warehouse, no extensions,
 * no settings), so a query can neither change the warehouse nor reach the rest of the machine.
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
The query runs alone, read-only, in a session that cannot read or write files outside the warehouse.

Examples:
  finops query "SELECT billing_period, count(*) FROM finops_meta.loads GROUP BY ALL"
  finops query "SELECT line_item_product_code, line_item_currency_code, sum(line_item_unblended_cost) AS cost
                FROM aws_billing.billing GROUP BY ALL ORDER BY cost DESC" --format csv > costs.csv`,
    )
    .action(
      action<QueryOptions>(async (ctx, options, [sql]) => {
        const format = defaultFormat(stdout, options.format);
        const w = await ctx.openWarehouse({ readOnly: true });
        try {
          await w.sandbox();
          const statements = await w.statementCount(sql as string);
          if (statements !== 1) {
            throw new FinopsError(`finops query runs exactly one statement; this SQL holds ${statements}`, {
              kind: 'usage',
              hint: 'run each statement with its own finops query',
            });
          }
          printTable(await w.table(sql as string), format);
        } catch (error) {
          if (error instanceof FinopsError) throw error;
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
