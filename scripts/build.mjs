#!/usr/bin/env node
// Builds dist/: the CLI bundled by esbuild into a few files (one entry, one chunk per command group,
// loaded on demand), with what the code reads at run time (SQL, CSV, JSON, the dashboard's static files)
// copied beside it at the same paths as under src/. Few files start faster than hundreds: a cold
// `finops status` spends most of its time resolving and compiling modules. `npm ci` runs this through
// the `prepare` script; nothing built is committed.
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
// Built beside dist/ and swapped in at the end, so a finops that runs meanwhile finds a whole build.
const next = path.join(root, `.dist-${process.pid}`);

/**
 * Code reads its SQL and data files relative to its own module (`new URL('x.sql', import.meta.url)`).
 * In the bundle every module lives in a chunk at dist/'s root, so each module's `import.meta.url` is
 * rewritten to where that module would be under dist/, where its files are copied.
 */
const moduleUrls = {
  name: 'module-urls',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
      const relative = path.relative(src, args.path).replace(/\.ts$/, '.js').split(path.sep).join('/');
      const contents = readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.url',
        `new URL(${JSON.stringify(`./${relative}`)}, import.meta.url).href`,
      );
      return { contents, loader: 'ts' };
    });
  },
};

rmSync(next, { recursive: true, force: true });
await build({
  entryPoints: { main: path.join(src, 'cli/main.ts') },
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Native code, and cloud SDKs that load only when a command reaches that cloud, stay packages.
  external: ['@duckdb/node-bindings', '@aws-sdk/*', '@azure/*', '@google-cloud/*', 'nodemailer'],
  // Bundled CommonJS packages call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __finopsRequire } from 'node:module';\nconst require = __finopsRequire(import.meta.url);",
  },
  plugins: [moduleUrls],
  logLevel: 'warning',
});

let assets = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
  const from = path.join(entry.parentPath, entry.name);
  cpSync(from, path.join(next, path.relative(src, from)));
  assets++;
}
// The stamp tells the test setup which build this is (see test/helpers/build.ts).
writeFileSync(path.join(next, '.build-stamp'), `${new Date().toISOString()}\n`);
const old = `${dist}.old-${process.pid}`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
console.error(`build: dist/ bundled, ${assets} asset file(s) copied`);
