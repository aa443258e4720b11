/**
 * The bench's input: one legacy CUR billing period of N rows in several .csv.gz files, in AWS's
 * delivery layout, generated once per size and kept (bench-out/cur-<rows>-<files>/) while the
 * parameters are the same, since generating 8M rows takes far longer than importing them.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatCount } from '../src/format.ts';
import { generateCurSample } from '../src/sample/aws-cur/generate.ts';

export interface BenchData {
  rows: number;
  bucket: string;
  files: string[];
  /** Compressed bytes of the data files. */
  bytes: number;
  /** The manifest's columns: what the bare load declares, as the import does. */
  columns: { category: string; name: string; type: string }[];
}

export async function benchData(root: string, rows: number, fileCount: number): Promise<BenchData> {
  const dir = path.join(root, `cur-${rows}-${fileCount}`);
  const bucket = path.join(dir, 'bucket');
  const marker = path.join(dir, 'generated.json');
  const params = JSON.stringify({ rows, fileCount, seed: 7 });
  if (!existsSync(marker) || (await readFile(marker, 'utf8')) !== params) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    process.stderr.write(`generating ${formatCount(rows)} CUR rows in ${fileCount} files ...\n`);
    const sample = { out: bucket, exportName: 'bench', months: 1, rows, files: fileCount, versions: 1 };
    await generateCurSample({ ...sample, seed: 7 });
    await writeFile(marker, params);
  }
  const manifest = JSON.parse(
    await readFile(path.join(bucket, 'cur/bench/20240101-20240201/bench-Manifest.json'), 'utf8'),
  ) as { reportKeys: string[]; columns: BenchData['columns'] };
  const files = manifest.reportKeys.map((k) => path.join(bucket, ...k.split('/')));
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;
  return { rows, bucket, files, bytes, columns: manifest.columns };
}
