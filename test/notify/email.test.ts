/** The e-mail sink through nodemailer to a real SMTP server (smtp-server) on 127.0.0.1. */
import { describe, expect, it } from 'vitest';
import { createSinks } from '../../src/notify/sinks.ts';
import { alert } from './alert-fixture.ts';
import { startSmtpReceiver } from './receivers.ts';

const fast = { baseDelayMs: 5, maxDelayMs: 50 };

function emailConfig(port: number) {
  return {
    timeout_seconds: 5,
    attempts: 3,
    sinks: [
      {
        type: 'email' as const,
        name: 'finops-team',
        host: '127.0.0.1',
        port,
        require_tls: false,
        user: 'finops',
        password_env: 'SMTP_PASSWORD',
        from: 'finops@example.com',
        to: ['team@example.com', 'oncall@example.com'],
      },
    ],
  };
}

describe('e-mail sink', () => {
  it('logs in with the password from the environment and sends text and HTML', async () => {
    const smtp = await startSmtpReceiver('finops', 'pa55word');
    const [sink] = createSinks(emailConfig(smtp.port), { env: { SMTP_PASSWORD: 'pa55word' }, policy: fast });
    await sink?.send(alert);

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail).toMatchObject({
      from: 'finops@example.com',
      to: ['team@example.com', 'oncall@example.com'],
    });
    expect(mail?.user).toBe('finops');
    const raw = (mail?.raw ?? '').replace(/=\r?\n/g, '');
    expect(raw).toMatch(/^Subject: \[finops\] critical: Cost spike: Amazon EC2 in AWS account/m);
    expect(raw).toContain('Content-Type: text/plain');
    expect(raw).toContain('Impact: +502.28 USD');
    expect(raw).toContain('i-0abc  BoxUsage:c6i.xlarge');
    expect(raw).toContain('Content-Type: text/html');
  });

  it('does not retry a wrong password, and does not print it', async () => {
    const smtp = await startSmtpReceiver('finops', 'pa55word');
    const [sink] = createSinks(emailConfig(smtp.port), {
      env: { SMTP_PASSWORD: 'wrong-secret' },
      policy: fast,
    });
    const error = (await sink?.send(alert).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^alert sink "finops-team" failed: SMTP EAUTH 535/);
    expect(error.message).not.toContain('wrong-secret');
    expect(smtp.mails).toHaveLength(0);
  });

  it('needs the password variable it names', () => {
    expect(() => createSinks(emailConfig(25), { env: {} })).toThrow(
      'notify.sinks.0.password_env: the environment variable SMTP_PASSWORD is not set',
    );
  });
});
