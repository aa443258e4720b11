/**
 * What a user installs: the published tarball holds the CLI and its documents, not the tests; `finops
 * --version` is the package's version; `finops completion bash` completes commands in a real bash.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const root = path.resolve(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;

describe('packaging', () => {
  it('the tarball holds the built CLI, its license and documents, and no tests, benchmarks or sources', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
      }),
    ) as { files: { path: string }[] }[];
    const files = (packed[0]?.files ?? []).map((f) => f.path);
    for (const wanted of ['LICENSE', 'README.md', 'bin/finops.js', 'dist/main.js', 'config.toml.example'])
      expect(files).toContain(wanted);
    expect(files.filter((f) => /^(test|bench|src|scripts|\.ci)\//.test(f))).toEqual([]);
  });

  it('finops --version is the version in package.json', async () => {
    const result = await runCli(['--version'], root);
    expect(result.stdout.trim()).toBe(version);
  });

  it('the bash completion, sourced in bash, completes commands, subcommands and options', async () => {
    const cwd = await tempDir('completion');
    const script = await runCli(['completion', 'bash'], cwd);
    expect(script.code, script.stderr).toBe(0);
    await writeFile(path.join(cwd, 'finops.bash'), script.stdout);
    // As bash does on Tab: the words typed so far, the index of the one being completed.
    const complete = (...words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source finops.bash; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _finops; echo "\${COMPREPLY[*]}"`,
        ],
        { cwd, encoding: 'utf8' },
      ).trim();
    expect(complete('finops', 'aw')).toBe('aws');
    expect(complete('finops', 'aws', 'im')).toBe('import import-cur');
    expect(complete('finops', 'aws', 'import-cur', '--source', 'x', '--na')).toBe('--name');
    expect(complete('finops', 'azure', 'l')).toBe('list'); // the old list-exports is not offered
    expect(complete('finops', 'anomalies', 'back')).toBe('backtest');

    const zsh = await runCli(['completion', 'zsh'], cwd);
    expect(zsh.stdout).toMatch(/^#compdef finops\n/);
    expect(zsh.stdout).toContain('complete -F _finops finops');
    const fish = await runCli(['completion', 'fish'], cwd);
    expect(fish.code).toBe(2);
  });
});
