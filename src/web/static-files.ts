/**
 * The page's files (static/): read into memory once at start and served by exact name. A request can
 * only ever get one of these files, whatever its path says (`..`, encoded slashes, symlinks): nothing
 * from the request reaches the file system.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  body: Buffer;
  type: string;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const root = fileURLToPath(new URL('./static/', import.meta.url));

/** Every servable file under static/, keyed by its URL path (`/index.html`, `/pages/overview.js`). */
export function loadStaticFiles(
  dir = root,
  files = new Map<string, StaticFile>(),
  prefix = '',
): Map<string, StaticFile> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const urlPath = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) loadStaticFiles(file, files, urlPath);
    const type = types[path.extname(entry.name)];
    if (entry.isFile() && type !== undefined) files.set(urlPath, { body: readFileSync(file), type });
  }
  return files;
}

export function findStatic(files: Map<string, StaticFile>, pathname: string): StaticFile | undefined {
  return files.get(pathname === '/' ? '/index.html' : pathname);
}
