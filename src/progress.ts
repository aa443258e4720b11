/**
 * Progress of long work: downloads file by file, and every step of a job (generate, stage, normalize,
 * publish, validate, export, allocate). On a terminal one live line shows the step, what is done, the
 * rate and the elapsed time, and is cleared before any other output; elsewhere (cron, CI, pipes), or
 * with --quiet, each step that took 2 s or more leaves one log line with its duration instead, so logs
 * stay readable and short.
 */
import { formatBytes, formatCount, formatDuration } from './format.ts';
import type { LiveLine } from './live-line.ts';
import type { Logger } from './log.ts';

export interface ProgressTotals {
  files?: number;
  bytes?: number;
}

/** How far a running step is: a count of rows, bytes or files, or a fraction of the work (0..1). */
export interface StepReport {
  done?: number;
  total?: number;
  unit?: 'rows' | 'bytes' | 'files';
  fraction?: number;
}

/** Asked a few times a second while a step runs. */
export type StepProbe = () => StepReport | undefined;

export interface Progress {
  /** Begins a download step, e.g. `fetch 2024-03`. */
  start(step: string, totals: ProgressTotals): void;
  /** Bytes moved inside the current file (not logged off a terminal). */
  addBytes(bytes: number): void;
  /** One file finished; `name` is shown in plain logs. */
  fileDone(name: string): void;
  /** Ends the download step with a one-line summary. */
  finish(summary: string): void;
  /** Runs one step of a job, showing how far it is (what `probe` says) while it runs. */
  step<T>(name: string, work: () => Promise<T>, probe?: StepProbe): Promise<T>;
}

/** Steps shorter than this leave no line behind. */
const LONG_STEP_MS = 2000;
const REDRAW_MS = 200;

interface Counters {
  step: string;
  totals: ProgressTotals;
  files: number;
  bytes: number;
}

function describeFetch(c: Counters): string {
  const files = c.totals.files === undefined ? '' : ` ${c.files}/${c.totals.files} files`;
  const bytes = c.totals.bytes ? `, ${formatBytes(c.bytes)}/${formatBytes(c.totals.bytes)}` : '';
  return `${c.step}:${files}${bytes}`;
}

const amount = (n: number, unit: StepReport['unit']) =>
  unit === 'bytes' ? formatBytes(n) : `${formatCount(Math.round(n))} ${unit ?? ''}`.trim();

/** `1,200,000 of 2,000,000 rows (60%), 110,000 rows/s, 10.9 s`, or `43%, 12.3 s`, or `12.3 s`. */
export function describeStep(report: StepReport | undefined, elapsedMs: number): string {
  const parts: string[] = [];
  if (report?.done !== undefined) {
    const count = (n: number) => (report.unit === 'bytes' ? formatBytes(n) : formatCount(Math.round(n)));
    parts.push(
      report.total
        ? `${count(report.done)} of ${amount(report.total, report.unit)} (${Math.floor((100 * report.done) / report.total)}%)`
        : amount(report.done, report.unit),
    );
    if (elapsedMs >= 1000) parts.push(`${amount(report.done / (elapsedMs / 1000), report.unit)}/s`);
  } else if (report?.fraction !== undefined && report.fraction > 0) {
    // DuckDB says 0 when it cannot tell (compressed files): no figure rather than a stuck one.
    parts.push(`${Math.min(100, Math.floor(report.fraction * 100))}%`);
  }
  parts.push(formatDuration(elapsedMs));
  return parts.join(', ');
}

export interface ProgressOptions {
  /** The terminal's live line; without one, steps are logged. */
  line?: LiveLine;
  /** Where step durations are logged (by default the command's logger). */
  stepLogger?: Logger;
  /** Steps shorter than this leave no log line (default 2 s). */
  longStepMs?: number;
}

export function createProgress(logger: Logger, options: ProgressOptions = {}): Progress {
  if (options.line) return terminalProgress(options.line);
  return logProgress(logger, options.stepLogger ?? logger, options.longStepMs ?? LONG_STEP_MS);
}

function terminalProgress(line: LiveLine): Progress {
  let c: Counters = { step: '', totals: {}, files: 0, bytes: 0 };
  let lastDraw = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    line.draw(describeFetch(c));
  };
  return {
    start(step, totals) {
      c = { step, totals, files: 0, bytes: 0 };
      void line.open().then(() => draw(true));
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
      line.clear();
      line.print(summary);
    },
    async step(name, work, probe) {
      await line.open();
      const started = performance.now();
      const redraw = () => line.draw(`${name}: ${describeStep(probe?.(), performance.now() - started)}`);
      redraw();
      const timer = setInterval(redraw, REDRAW_MS);
      try {
        return await work();
      } finally {
        clearInterval(timer);
        line.clear();
      }
    },
  };
}

function logProgress(logger: Logger, stepLogger: Logger, longStepMs: number): Progress {
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
      logger.info(`${describeFetch(c)} (${name})`);
    },
    finish(summary) {
      logger.info(summary);
    },
    async step(name, work, probe) {
      const started = performance.now();
      const result = await work();
      const ms = performance.now() - started;
      if (ms >= longStepMs) {
        const report = probe?.();
        const done = report?.done !== undefined ? `, ${amount(report.done, report.unit)}` : '';
        stepLogger.info(`${name}: done in ${formatDuration(ms)}${done}`);
      }
      return result;
    },
  };
}

export const silentProgress: Progress = {
  start() {},
  addBytes() {},
  fileDone() {},
  finish() {},
  step: (_name, work) => work(),
};
