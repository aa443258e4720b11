/**
 * Retries with exponential backoff and full jitter for the faults object stores are known for:
 * throttling (503 SlowDown, 429), server errors, connection resets and timeouts, and downloads that
 * ended short. Anything else (403, 404, a bad request) fails at once: retrying cannot fix it.
 */
import { FinopsError } from '../errors.ts';
import type { Logger } from '../log.ts';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 20_000 };

const retryableStatus = new Set([408, 429, 500, 502, 503, 504]);
const retryableNames = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
  'TransferIncomplete',
]);
const retryableCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Marks an error the store raised itself (a short body) as worth another attempt. */
export class TransferIncomplete extends Error {
  override readonly name = 'TransferIncomplete';
}

export function isTransient(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  if (!e || typeof e !== 'object') return false;
  if (e instanceof FinopsError) return false;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && retryableStatus.has(status)) return true;
  if (e.name && retryableNames.has(e.name)) return true;
  if (e.code && retryableCodes.has(e.code)) return true;
  if (e.$retryable) return true;
  return /socket hang up|premature close|aborted/i.test(e.message ?? '');
}

/** Delay before attempt `attempt` (1-based retry number): uniform in [0, min(max, base * 2^attempt)). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

export function describeStoreError(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  const name = e?.name && e.name !== 'Error' ? e.name : '';
  const head = [name, status ? `(HTTP ${status})` : ''].filter(Boolean).join(' ');
  const message = e?.message && e.message !== name ? e.message : '';
  return [head, message].filter(Boolean).join(': ') || String(error);
}

export async function withRetry<T>(
  what: string,
  operation: () => Promise<T>,
  policy: RetryPolicy,
  logger: Logger,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= policy.attempts) {
        throw new FinopsError(`gave up after ${attempt} attempts: ${describeStoreError(error)}`, {
          file: what,
          cause: error,
          hint: 'the store kept failing; check its health or raise retry.attempts in config.toml',
        });
      }
      const delay = backoffDelay(policy, attempt);
      logger.warn(
        `${what}: ${describeStoreError(error)}; retry ${attempt}/${policy.attempts - 1} in ${delay} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
