/**
 * Long work shows where it is. Given a job with a long step, when it runs off a terminal (cron, CI),
 * then the step leaves one line with its duration and count; when it runs on a terminal, then one live
 * line is redrawn in place and cleared before any log line, so no log line lands glued to it.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LiveLine } from '../../src/live-line.ts';
import { createLogger } from '../../src/log.ts';
import { createProgress, describeStep } from '../../src/progress.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stream that keeps what is written; `tty` makes it look like a 100x30 terminal. */
function captured(tty: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number; rows?: number };
  if (tty) Object.assign(stream, { isTTY: true, columns: 100, rows: 30 });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

const ESC = String.fromCharCode(27);
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape codes are what is checked
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

describe('progress of a long step', () => {
  it('off a terminal, leaves one line per long step with its duration and count, none for short ones', async () => {
    const out = captured(false);
    const logger = createLogger({ stream: out.stream, timestamps: false });
    const progress = createProgress(logger, { longStepMs: 100 });
    let rows = 0;
    await progress.step(
      'generate sample',
      async () => {
        for (; rows < 3; rows++) await pause(60);
      },
      () => ({ done: rows * 1000, unit: 'rows' }),
    );
    await progress.step('short step', async () => undefined);
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^generate sample: done in \d+ ms, 3,000 rows$/);
  });

  it('on a terminal, redraws one line and clears it before each log line', async () => {
    const out = captured(true);
    const line = new LiveLine(out.stream);
    const logger = createLogger({ stream: out.stream, timestamps: false, line });
    const progress = createProgress(logger, { line });
    let done = 0;
    await progress.step(
      'stage 2024-01',
      async () => {
        for (; done < 4; done++) {
          await pause(250);
          if (done === 2) logger.info('a log line in the middle');
        }
      },
      () => ({ done, total: 4, unit: 'files' }),
    );
    logger.info('after the step');
    const screen = plain(out.text());
    expect(screen).toMatch(/stage 2024-01: 1 of 4 files \(25%\), \d+ ms/);
    // Every log line starts a line of its own: the live line was cleared (erase codes) just before it.
    expect(screen).toMatch(/(^|\n)a log line in the middle\n/);
    const erased = `${ESC}[2K${ESC}[G`;
    const before = out.text().split('a log line in the middle')[0] ?? '';
    expect(before.replaceAll(`${ESC}[?2026l`, '').endsWith(erased)).toBe(true);
    expect(screen).toMatch(/\nafter the step\n$/);
    // It was drawn again after the log line.
    expect(screen.split('a log line in the middle')[1]).toMatch(/stage 2024-01: [23] of 4 files/);
  });

  it('says how far a step is in words a person reads', () => {
    expect(describeStep({ done: 1_200_000, total: 2_000_000, unit: 'rows' }, 10_900)).toBe(
      '1,200,000 of 2,000,000 rows (60%), 110,092 rows/s, 10.9 s',
    );
    expect(describeStep({ done: 5 * 1024 * 1024, unit: 'bytes' }, 2000)).toBe('5.0 MB, 2.5 MB/s, 2.0 s');
    expect(describeStep({ fraction: 0.43 }, 12_300)).toBe('43%, 12.3 s');
    // DuckDB reports 0 when it cannot tell: no stuck 0%.
    expect(describeStep({ fraction: 0 }, 3000)).toBe('3.0 s');
  });
});
