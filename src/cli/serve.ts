/**
 * `finops serve`: the local dashboard over the warehouse (src/web/). Runs until Ctrl-C (or SIGTERM),
 * then stops taking requests and releases the warehouse.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { errorMessage, usageError } from '../errors.ts';
import { loadGovernance } from '../govern/load-policy.ts';
import { WarehouseAccess } from '../web/access.ts';
import type { DashboardSettings } from '../web/routes.ts';
import { startDashboard } from '../web/server.ts';
import type { Context } from './context.ts';
import { action } from './run.ts';

interface ServeFlags {
  port: string;
  host: string;
  token?: string;
}

/** How long the warehouse stays open after the last request, so imports can run between visits. */
const IDLE_MS = 5_000;

export function registerServeCommand(command: Command): void {
  command
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option(
      '--host <address>',
      'address to listen on; anything but 127.0.0.1, localhost or ::1 needs --token',
      '127.0.0.1',
    )
    .option('--token <token>', 'required on every request (Bearer header or ?token=); or FINOPS_TOKEN')
    .addHelpText(
      'after',
      `
Examples:
  npx finops serve                                   # http://127.0.0.1:8080/
  npx finops serve --port 9000 --database demo.duckdb
  FINOPS_TOKEN=$(openssl rand -hex 24) npx finops serve --host 0.0.0.0
  curl -s 'http://127.0.0.1:8080/api/overview?period=2024-03' | jq .total`,
    )
    .action(
      action<ServeFlags>(async (ctx, f) => {
        const port = Number(f.port);
        if (!/^\d{1,5}$/.test(f.port) || port > 65_535)
          throw usageError(`--port must be 0 to 65535, not ${f.port}`);
        const warehouse = ctx.config.warehouse;
        const access = new WarehouseAccess({
          path: warehouse.path,
          memoryLimit: warehouse.memory_limit,
          threads: warehouse.threads,
          tempDirectory:
            warehouse.temp_directory ?? path.join(path.dirname(path.resolve(warehouse.path)), '.finops/tmp'),
          lockWaitMs: Math.max(warehouse.lock_wait_seconds, 10) * 1000,
          idleMs: IDLE_MS,
          logger: ctx.logger,
        });
        const token = f.token ?? (process.env.FINOPS_TOKEN || undefined);
        const settings = dashboardSettings(ctx);
        const dashboard = await startDashboard({
          access,
          host: f.host,
          port,
          token,
          logger: ctx.logger,
          settings,
        });
        const how = token === undefined ? '' : ' (open it with ?token=<your token> once)';
        ctx.logger.info(`finops dashboard on ${dashboard.url}${how}; Ctrl-C stops it`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        ctx.logger.info('stopping the dashboard');
        await dashboard.close();
        return 0;
      }),
    );
}

/**
 * The tag policy's owner key, so the tag page's cost per owner is `finops showback --by` that key. A
 * policy that does not load leaves that table out; the rest of the dashboard still serves.
 */
function dashboardSettings(ctx: Context): DashboardSettings {
  try {
    const tags = loadGovernance(ctx.config, ctx.configFile).tags;
    return tags ? { owners: { key: tags.ownerKey, unallocated: tags.unallocated } } : {};
  } catch (error) {
    ctx.logger.warn(`the tag policy does not load (${errorMessage(error)}): cost per owner is not shown`);
    return {};
  }
}
