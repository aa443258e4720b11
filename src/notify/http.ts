/**
 * One JSON POST to a webhook, as one delivery attempt: 2xx is delivered; 408, 429 and 5xx may succeed
 * later (honouring Retry-After); any other status is a refusal. Uses Node's built-in fetch.
 */
import { DeliveryFailure } from './deliver.ts';

const retryableStatus = new Set([408, 425, 429, 500, 502, 503, 504]);

export async function postJson(
  url: string,
  body: unknown,
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'finops', ...headers },
    body: JSON.stringify(body),
    signal,
  });
  // Read the body either way, so the connection is released; a refusal's reason is in it.
  const text = await response.text().catch(() => '');
  if (response.ok) return;
  const reason = `HTTP ${response.status}${text ? ` ${oneLine(text)}` : ''}`;
  throw new DeliveryFailure(
    reason,
    retryableStatus.has(response.status),
    retryAfterMs(response.headers.get('retry-after')),
  );
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
