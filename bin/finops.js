#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so the SQL files beside the code are read from src/
// exactly as the tests read them, and there is no build step between `npm ci` and `npx finops`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
