/**
 * Vitest global setup: the CLI tests run the real `bin/finops.js`, which runs the compiled dist/. When
 * anything in src/ is newer than the last build, build again first, so a test never runs stale code.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

function newestSource(): number {
  const files = readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
  files.push(...['package.json', 'scripts/build.mjs'].map((file) => path.join(root, file)));
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

function builtAt(): number {
  try {
    return statSync(path.join(root, 'dist/.build-stamp')).mtimeMs;
  } catch {
    return 0;
  }
}

export default function buildIfStale(): void {
  if (builtAt() > newestSource()) return;
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed: the CLI tests would run stale code');
}
