/**
 * Webhook URLs are credentials (Slack's carry the token in the path, others in the query), so a URL is
 * only ever shown as its origin. Every log line and error message of the sinks goes through here.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.pathname.length > 1 || parsed.search || parsed.username ? '/***' : '';
    return `${parsed.protocol}//${parsed.host}${hidden}`;
  } catch {
    return '(an invalid URL)';
  }
}

/** Removes every occurrence of the secrets from a message (for errors raised by client libraries). */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
