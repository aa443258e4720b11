/**
 * Every command and every group says how it is used: `--help` ends with examples, all the way down the
 * command tree (walked the way a user would, from `finops --help`).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

/** The subcommands a help text lists (aliases after `|` and the built-in `help` left out). */
function subcommands(help: string): string[] {
  const section = /\nCommands:\n([\s\S]*?)(\n\n|$)/.exec(help)?.[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1] as string).filter((n) => n !== 'help');
}

describe('help', () => {
  it('every command and group has --help with examples', async () => {
    const cwd = await tempDir('help');
    const missing: string[] = [];
    const seen: string[] = [];
    let level: string[][] = [[]];
    while (level.length > 0) {
      const helps = await Promise.all(level.map((words) => runCli([...words, '--help'], cwd)));
      const next: string[][] = [];
      helps.forEach((help, i) => {
        const words = level[i] as string[];
        seen.push(['finops', ...words].join(' '));
        expect(help.code, help.stderr).toBe(0);
        if (!/\nExamples:\n {2}\S/.test(help.stdout)) missing.push(['finops', ...words].join(' '));
        for (const sub of subcommands(help.stdout)) next.push([...words, sub]);
      });
      level = next;
    }
    expect(seen).toContain('finops anomalies backtest');
    expect(seen).toContain('finops gcp list');
    expect(seen.length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
