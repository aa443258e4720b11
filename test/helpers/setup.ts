import { afterAll, afterEach, beforeEach } from 'vitest';
import { runAfterFile, runAfterTest, testStarts } from './after-test.ts';

// Keep the developer's own AWS configuration out of the tests.
process.env.AWS_PROFILE = '';
process.env.AWS_CONFIG_FILE = '/dev/null';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
for (const key of Object.keys(process.env)) if (key.startsWith('FINOPS_')) delete process.env[key];

beforeEach(testStarts);
afterEach(runAfterTest);
afterAll(runAfterFile);
