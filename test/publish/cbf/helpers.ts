/**
 * For the CBF export tests: a warehouse holding generated AWS CUR months (and optionally the official
 * FOCUS 1.0 sample), and a way to read a published drop back the way CloudZero does: follow the month's
 * manifest to the current drop and read its `.csv.gz` files as text.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { silentLogger } from '../../../src/log.ts';
import { runSource } from '../../../src/pipeline/run-source.ts';
import { silentProgress } from '../../../src/progress.ts';
import { billingDataId, dropFolder } from '../../../src/publish/cbf/layout.ts';
import { readManifest } from '../../../src/publish/cbf/manifest.ts';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { focus } from '../../../src/sources/focus/index.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import type { ObjectStore } from '../../../src/stores/store.ts';
import { quoteLiteral } from '../../../src/warehouse/sql.ts';
import type { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

// Official FOCUS 1.0 sample, CC BY 4.0 (../shared/samples/PROVENANCE.md): AWS, Microsoft and Oracle rows.
const officialSample = path.resolve(
  import.meta.dirname,
  '../../../../shared/samples/focus-1.0/focus_sample.csv',
);

export interface CurWarehouse extends TestWarehouse {
  /** The folder standing for the CUR bucket, to deliver a new version of a month into. */
  bucket: string;
  /** Generates and imports a new version of `start` (a restatement: other rows, other totals). */
  restate(start: string, seed: number): Promise<void>;
}

/** Two months (2024-01, 2024-02) of generated CUR, imported into a fresh warehouse. */
export async function curWarehouse(rows = 600): Promise<CurWarehouse> {
  const bucket = await tempDir('cur');
  await generateCurSample({ out: bucket, months: 2, rows, seed: 71 });
  const wh = await openTestWarehouse();
  const exp = { store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' };
  await wh.importExport(exp);
  return {
    ...wh,
    bucket,
    restate: async (start, seed) => {
      await generateCurSample({ out: bucket, start, months: 1, rows: rows + 50, seed });
      await wh.importExport(exp);
    },
  };
}

export async function importOfficialSample(wh: TestWarehouse): Promise<void> {
  const folder = await tempDir('focus');
  await copyFile(officialSample, path.join(folder, 'focus_sample.csv'));
  await runSource(
    focus,
    { warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger: silentLogger },
    { name: 'sample', location: folder, store: new LocalStore(folder), prefix: '' },
  );
}

export interface ReadDrop {
  dropId: string;
  /** The data files' keys, in name order. */
  keys: string[];
  /** Where they were downloaded to. */
  files: string[];
  /** A DuckDB relation over the drop's rows, every column as text. */
  relation: string;
  header: string[];
}

/** The month's current drop as CloudZero reads it: manifest, then every .csv.gz of that drop. */
export async function readCurrentDrop(
  w: Warehouse,
  root: { store: ObjectStore; prefix: string },
  period: string,
): Promise<ReadDrop> {
  const id = billingDataId(period);
  const manifest = await readManifest(root, id);
  if (!manifest) throw new Error(`no manifest for ${period}`);
  const folder = dropFolder(root, id, manifest.current_drop_id);
  const keys: string[] = [];
  for await (const o of root.store.list(folder)) if (o.key.endsWith('.csv.gz')) keys.push(o.key);
  keys.sort();
  const local = await tempDir('drop');
  const files: string[] = [];
  for (const key of keys) {
    const file = path.join(local, path.posix.basename(key));
    await writeFile(file, await buffer(await root.store.get(key)));
    files.push(file);
  }
  const relation = `read_csv([${files.map(quoteLiteral).join(', ')}], header = true, all_varchar = true)`;
  const described = await w.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${relation}`);
  return {
    dropId: manifest.current_drop_id,
    keys,
    files,
    relation,
    header: described.map((d) => d.column_name),
  };
}
