/** Runs the real `finops` binary in a child process, as a user would. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const finopsBin = path.resolve(import.meta.dirname, '../../bin/finops.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves when a line matching `pattern` appears on stderr. */
  waitFor(pattern: RegExp): Promise<void>;
  done: Promise<CliResult>;
}

export function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [finopsBin, ...args], {
    cwd,
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(stderr)) w.resolve();
      else waiters.push(w);
    }
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        waiters.push({ pattern, resolve });
        done.then((r) =>
          reject(new Error(`finops exited (${r.code}) before printing ${pattern}:\n${r.stderr}`)),
        );
      }),
    done,
  };
}

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, cwd, env).done;
}
