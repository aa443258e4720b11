/**
 * Delivery with retries, shared by every sink: a receiver that is down, overloaded (5xx, 429) or slow
 * (timeout) gets more attempts with exponential backoff and full jitter; a refusal (4xx, a bad address)
 * fails at once, since sending it again cannot help. Messages name the sink, never its URL or password.
 */
import { FinopsError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { backoffDelay } from '../stores/retry.ts';
import { redactText } from './redact.ts';

export interface DeliveryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  /** How long one attempt may take. */
  timeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = {
  attempts: 4,
  timeoutMs: 10_000,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
};

/** A failed attempt: whether another attempt may succeed, and how long the receiver asked us to wait. */
export class DeliveryFailure extends Error {
  override readonly name = 'DeliveryFailure';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface DeliveryTarget {
  /** The sink's name, as messages show it. */
  name: string;
  /** Values that must never appear in a message (the URL, tokens, the password). */
  secrets: readonly (string | undefined)[];
}

export async function deliverWithRetry(
  target: DeliveryTarget,
  attempt: (signal: AbortSignal) => Promise<void>,
  policy: DeliveryPolicy,
  logger: Logger,
): Promise<void> {
  const sinkName = target.name;
  for (let n = 1; ; n++) {
    let failure: DeliveryFailure;
    try {
      await attempt(AbortSignal.timeout(policy.timeoutMs));
      return;
    } catch (error) {
      failure = asFailure(error, policy, target.secrets);
    }
    if (!failure.retryable || n >= policy.attempts) {
      const tries = n === 1 ? '' : ` after ${n} attempts`;
      throw new FinopsError(`alert sink "${sinkName}" failed${tries}: ${failure.message}`, {
        hint: failure.retryable
          ? 'the receiver kept failing; it is retried on the next run'
          : 'check the sink in config.toml ([[notify.sinks]])',
      });
    }
    const delay = Math.min(policy.maxDelayMs, Math.max(failure.retryAfterMs ?? 0, backoffDelay(policy, n)));
    logger.warn(
      `alert sink "${sinkName}": ${failure.message}; retry ${n}/${policy.attempts - 1} in ${delay} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function asFailure(
  error: unknown,
  policy: DeliveryPolicy,
  secrets: DeliveryTarget['secrets'],
): DeliveryFailure {
  if (error instanceof DeliveryFailure) {
    return new DeliveryFailure(redactText(error.message, secrets), error.retryable, error.retryAfterMs);
  }
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new DeliveryFailure(`no answer within ${policy.timeoutMs} ms`, true);
  }
  const code = e?.cause?.code ?? e?.code;
  // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ...) is in its cause.
  return new DeliveryFailure(redactText(code ?? e?.message ?? String(error), secrets), true);
}
