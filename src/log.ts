/**
 * Diagnostics go to stderr so that stdout stays clean for results (`finops query --format csv > x.csv`).
 * On a terminal the lines are short; elsewhere (cron, CI) each line carries an ISO timestamp.
 * Nothing here ever prints configuration values, so credentials cannot leak through the log.
 */
import type { LiveLine } from './live-line.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  timestamps?: boolean;
  /** The terminal's live progress line, cleared before each message. */
  line?: LiveLine;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const min = order[options.level ?? 'info'];
  const stamp = options.timestamps ?? !stream.isTTY;
  const write = (level: LogLevel, message: string) => {
    if (order[level] < min) return;
    const prefix = level === 'info' ? '' : `${level}: `;
    const time = stamp ? `${new Date().toISOString()} ` : '';
    const text = `${time}${prefix}${message}\n`;
    if (options.line) options.line.around(() => stream.write(text));
    else stream.write(text);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

/** A logger that drops everything: the default for library calls and tests. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
