import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Three workers on two cores: much of a test's time is a child process starting or a server waiting on
    // I/O, which another worker fills (vitest's default here would be one worker, cores minus one). The
    // suite took 254-268 s with two workers and 215-243 s with three (251 s in a fresh clone, which has no
    // timings yet to start the slowest files first); no test came near its timeout.
    maxWorkers: 3,
    // A worker keeps the modules it loaded from one test file to the next (about 40 s of imports saved);
    // helpers schedule their clean-ups through test/helpers/after-test.ts, which the setup file runs.
    isolate: false,
    // s3rver's ListObjectsV2 continuation tokens use a cipher that OpenSSL 3 only offers through its legacy
    // provider; this is a test-server quirk, so it is set for the test workers only.
    execArgv: ['--openssl-legacy-provider'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['test/helpers/setup.ts'],
    // dt-sql-parser's ES modules import folders, which Node's loader refuses; Vite resolves them.
    server: { deps: { inline: ['dt-sql-parser'] } },
    globalSetup: ['test/helpers/build.ts'],
    env: {
      TZ: 'UTC',
      // Test credentials for the local S3 server; never real ones.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
