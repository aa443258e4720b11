/**
 * A CBF export killed with SIGKILL mid-upload leaves its scratch folder in the system temp directory;
 * the next export removes it (issue 17) and publishes.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { runCli, startCli } from '../../helpers/cli.ts';
import { startFaultProxy } from '../../helpers/fault-proxy.ts';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.ts';
import { tempDir } from '../../helpers/tmp.ts';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3.stop());

describe('a killed CBF export', () => {
  it('leaves a scratch folder that the next export removes', async () => {
    const cwd = await tempDir('cbf-killed');
    const tmp = path.join(cwd, 'tmp');
    await mkdir(tmp);
    await writeFile(path.join(cwd, 'config.toml'), '[s3]\nchecksums_when_required = true\n');
    await generateCurSample({ out: path.join(cwd, 'bucket'), months: 1, rows: 300, seed: 5 });
    const imported = await runCli(
      ['aws', 'import-cur', '--source', 'bucket', '--prefix', 'cur', '--name', 'finops-demo'],
      cwd,
    );
    expect(imported.code, imported.stderr).toBe(0);
    await s3.createBucket('cz-drops');
    const proxy = await startFaultProxy(s3.endpoint);
    try {
      const env = { TMPDIR: tmp, FINOPS_S3_ENDPOINT: proxy.endpoint };
      let held!: () => void;
      const heldNow = new Promise<void>((resolve) => {
        held = resolve;
      });
      proxy.inject((req) => req.method === 'PUT', { kind: 'hold-response', held }, 1);
      const running = startCli(['export', 'cbf', '--to', 's3://cz-drops/finops'], cwd, env);
      await heldNow;
      running.child.kill('SIGKILL');
      expect((await running.done).signal).toBe('SIGKILL');
      const scratch = async () => (await readdir(tmp)).filter((f) => f.startsWith('finops-cbf'));
      expect(await scratch()).toEqual([expect.stringMatching(`^finops-cbf-${running.child.pid}-`)]);

      const rerun = await runCli(
        ['export', 'cbf', '--to', 's3://cz-drops/finops', '--format', 'json'],
        cwd,
        env,
      );
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(JSON.parse(rerun.stdout).map((m: { status: string }) => m.status)).toEqual(['published']);
      expect(await scratch()).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });
});
