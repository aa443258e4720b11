/**
 * Progress of long steps (downloads, loads). On a terminal one status line is redrawn in place, at most
 * ten times a second; elsewhere (cron, CI, pipes) a plain log line is written per finished file, so logs
 * stay readable and short.
 */
import { formatBytes, formatCount } from './format.ts';
import type { Logger } from './log.ts';

export interface ProgressTotals {
  files?: number;
  bytes?: number;
}

export interface Progress {
  /** Begins a step, e.g. `fetch 2024-03`. */
  start(step: string, totals: ProgressTotals): void;
  /** Bytes moved inside the current file (not logged off a terminal). */
  addBytes(bytes: number): void;
  /** One file finished; `name` is shown in plain logs. */
  fileDone(name: string): void;
  /** Ends the step with a one-line summary. */
  finish(summary: string): void;
}

interface Counters {
  step: string;
  totals: ProgressTotals;
  files: number;
  bytes: number;
}

function describe(c: Counters): string {
  const files = c.totals.files === undefined ? '' : ` ${c.files}/${c.totals.files} files`;
  const bytes = c.totals.bytes ? `, ${formatBytes(c.bytes)}/${formatBytes(c.totals.bytes)}` : '';
  return `${c.step}:${files}${bytes}`;
}

export function createProgress(logger: Logger, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? terminalProgress(stream) : logProgress(logger);
}

function terminalProgress(stream: NodeJS.WriteStream): Progress {
  let c: Counters = { step: '', totals: {}, files: 0, bytes: 0 };
  let lastDraw = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    stream.write(`\r\x1b[2K${describe(c)}`);
  };
  return {
    start(step, totals) {
      c = { step, totals, files: 0, bytes: 0 };
      draw(true);
    },
    addBytes(bytes) {
      c.bytes += bytes;
      draw();
    },
    fileDone() {
      c.files++;
      draw();
    },
    finish(summary) {
      stream.write(`\r\x1b[2K${summary}\n`);
    },
  };
}

function logProgress(logger: Logger): Progress {
  let c: Counters = { step: '', totals: {}, files: 0, bytes: 0 };
  return {
    start(step, totals) {
      c = { step, totals, files: 0, bytes: 0 };
      const size = totals.bytes ? ` (${formatBytes(totals.bytes)})` : '';
      if (totals.files !== undefined) logger.info(`${step}: ${formatCount(totals.files)} files${size}`);
    },
    addBytes(bytes) {
      c.bytes += bytes;
    },
    fileDone(name) {
      c.files++;
      logger.info(`${describe(c)} (${name})`);
    },
    finish(summary) {
      logger.info(summary);
    },
  };
}

export const silentProgress: Progress = { start() {}, addBytes() {}, fileDone() {}, finish() {} };
