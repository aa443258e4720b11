#!/usr/bin/env node
// The CLI runs from dist/, the JavaScript that `npm run build` bundles from src/ (`npm ci` runs it
// through the `prepare` script), so start-up does not pay for compiling TypeScript.
import { existsSync } from 'node:fs';

// The AWS SDK warns on every run that its 2027 releases will need Node 22; the README says so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Stack traces (--verbose) name the source files, not the bundle's chunks.
if (process.argv.includes('--verbose') || process.argv.includes('-v')) process.setSourceMapsEnabled(true);

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('error: finops is not built (no dist/): run `npm run build` in its folder\n');
  process.exit(1);
}
await import(main.href);
