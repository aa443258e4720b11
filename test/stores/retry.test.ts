import { describe, expect, it } from 'vitest';
import { FinopsError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { backoffDelay, isTransient, withRetry } from '../../src/stores/retry.ts';

describe('retry policy', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(199);
    expect(backoffDelay(policy, 3, () => 0.999)).toBe(799);
    expect(backoffDelay(policy, 6, () => 0.999)).toBe(999);
    expect(backoffDelay(policy, 6, () => 0)).toBe(0);
  });

  it('retries throttling, server errors and resets; not client errors', () => {
    expect(isTransient({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransient({ $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isTransient(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })).toBe(false);
    expect(isTransient({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } })).toBe(false);
    expect(isTransient(new FinopsError('bad input', { kind: 'input' }))).toBe(false);
  });

  it('stops at the first non-transient error', async () => {
    let calls = 0;
    const failing = withRetry(
      'x',
      async () => {
        calls++;
        throw Object.assign(new Error('denied'), { $metadata: { httpStatusCode: 403 } });
      },
      { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 },
      silentLogger,
    );
    await expect(failing).rejects.toThrow('denied');
    expect(calls).toBe(1);
  });
});
