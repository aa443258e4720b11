#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so the SQL files beside the code are read from src/
// exactly as the tests read them, and there is no build step between `npm ci` and `npx finops`.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run that its 2027 releases will need Node 22; the README says so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
await import('../src/cli/main.ts');
