/**
 * Scratch folders of an export in the system temp directory, named `<label>-<pid>-<random>` so that the
 * next run can tell which ones a killed process left behind: a folder whose process no longer exists
 * is removed; a live process's folder (a concurrent export) is left alone.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Makes this process's scratch folder after removing the ones dead processes left. */
export async function makeWorkDir(label: string, parent = os.tmpdir()): Promise<string> {
  await removeStaleWork(parent, label);
  return mkdtemp(path.join(parent, `${label}-${process.pid}-`));
}

/** Removes `<label>-<pid>...` entries of `parent` whose process is gone; returns what it removed. */
export async function removeStaleWork(parent: string, label: string): Promise<string[]> {
  const pattern = new RegExp(`^${label.replace(/[^\w-]/g, '\\$&')}-(\\d+)(?:[-.].*)?$`);
  const removed: string[] = [];
  for (const name of await readdir(parent).catch(() => [])) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(parent, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
