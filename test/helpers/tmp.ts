import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cleanUpLater } from './after-test.ts';

/** A fresh temporary folder, removed after the test (made in a beforeAll: after the file). */
export async function tempDir(label = 'finops'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `${label}-`));
  cleanUpLater(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
