/**
 * Runs the tiny CSV source's import in a process of its own, so a test can kill it mid-load:
 * `node --import tsx import-child.ts <database> <folder> <stall-file>`.
 */
import path from 'node:path';
import { createLogger } from '../../src/log.ts';
import { runSource } from '../../src/pipeline/run-source.ts';
import { silentProgress } from '../../src/progress.ts';
import { DownloadCache } from '../../src/stores/cache.ts';
import { LocalStore } from '../../src/stores/local-store.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { csvSource } from './csv-source.ts';

const [database, folder, stall] = process.argv.slice(2) as [string, string, string];
const w = await Warehouse.open({ path: database });
await runSource(
  csvSource,
  {
    warehouse: w,
    cache: new DownloadCache({ root: path.join(path.dirname(database), 'cache') }),
    progress: silentProgress,
    logger: createLogger({ level: 'info' }),
  },
  { name: 'csv', location: folder, store: new LocalStore(folder), stall },
);
w.close();
