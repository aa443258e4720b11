/**
 * Webhook URLs are credentials (Slack's carry the token in the path, others in the query), and so are
 * SMTP passwords: every failure message of the sinks, which logs and errors show, passes through here.
 */
/** Removes every occurrence of the secrets from a message (for errors raised by client libraries). */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
