/**
 * After a crash: whoever holds the database next (so no load can still be running) closes the dead
 * loads' ledger rows and drops the stage tables of every source. The published data was never touched.
 */
import type { Logger } from '../log.ts';
import { sourceTables } from '../sources/registry.ts';
import { closeInterruptedLoads } from '../warehouse/ledger.ts';
import { dropStaleStages } from '../warehouse/period-tables.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

export async function recoverFromCrash(w: Warehouse, logger: Logger): Promise<void> {
  const interrupted = await closeInterruptedLoads(w);
  let stale = 0;
  for (const tables of sourceTables()) stale += (await dropStaleStages(w, tables)).length;
  if (interrupted > 0 || stale > 0) {
    logger.warn(
      'an earlier load was interrupted; its partial work was discarded (the published data is intact)',
    );
  }
}
