/**
 * The configured sinks (`[[notify.sinks]]` in config.toml) as Sink objects. Secrets are read from the
 * environment variables the configuration names; a variable that is not set is a configuration error
 * that names the key, not the value.
 */
import type { NotifyConfig, SinkConfig } from '../config/schema.ts';
import { FinopsError } from '../errors.ts';
import { type Logger, silentLogger } from '../log.ts';
import type { Sink } from './alert.ts';
import { type DeliveryPolicy, defaultDeliveryPolicy } from './deliver.ts';
import { emailSink } from './email.ts';
import { slackSink } from './slack.ts';
import { jsonWebhookSink } from './webhook.ts';

export interface CreateSinksOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Backoff timings (tests shorten them); attempts and timeout come from the configuration. */
  policy?: Partial<DeliveryPolicy>;
}

export function createSinks(config: NotifyConfig, options: CreateSinksOptions = {}): Sink[] {
  const policy: DeliveryPolicy = {
    ...defaultDeliveryPolicy,
    attempts: config.attempts,
    timeoutMs: config.timeout_seconds * 1000,
    ...options.policy,
  };
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;
  const names = new Set<string>();
  return config.sinks.map((sink, index) => {
    const name = sink.name ?? `${sink.type}-${index + 1}`;
    if (names.has(name)) {
      throw configError(index, 'name', `two sinks are named ${JSON.stringify(name)}`);
    }
    names.add(name);
    return createSink(sink, index, { name, policy, logger, env });
  });
}

/** The sinks that take alerts of this kind. */
export function sinksFor(sinks: readonly Sink[], kind: string): Sink[] {
  return sinks.filter((s) => !s.events || s.events.includes(kind));
}

interface Common {
  name: string;
  policy: DeliveryPolicy;
  logger: Logger;
  env: NodeJS.ProcessEnv;
}

function createSink(sink: SinkConfig, index: number, common: Common): Sink {
  const { name, policy, logger, env } = common;
  const events = sink.events;
  switch (sink.type) {
    case 'slack':
      return slackSink({ name, url: webhookUrl(sink, index, env), events, policy, logger });
    case 'webhook':
      return jsonWebhookSink({
        name,
        url: webhookUrl(sink, index, env),
        bearerToken: sink.bearer_token_env
          ? fromEnv(env, sink.bearer_token_env, index, 'bearer_token_env')
          : undefined,
        events,
        policy,
        logger,
      });
    case 'email':
      return emailSink({
        name,
        host: sink.host,
        port: sink.port,
        secure: sink.secure ?? sink.port === 465,
        requireTls: sink.require_tls,
        user: sink.user,
        password: sink.password_env ? fromEnv(env, sink.password_env, index, 'password_env') : undefined,
        from: sink.from,
        to: sink.to,
        events,
        policy,
        logger,
      });
  }
}

function webhookUrl(sink: { url?: string; url_env?: string }, index: number, env: NodeJS.ProcessEnv): string {
  if (sink.url) return sink.url;
  const url = fromEnv(env, sink.url_env as string, index, 'url_env');
  if (!URL.canParse(url)) {
    throw configError(index, 'url_env', `the environment variable ${sink.url_env} does not hold a URL`);
  }
  return url;
}

function fromEnv(env: NodeJS.ProcessEnv, variable: string, index: number, key: string): string {
  const value = env[variable];
  if (!value) throw configError(index, key, `the environment variable ${variable} is not set`);
  return value;
}

function configError(index: number, key: string, message: string): FinopsError {
  return new FinopsError(`notify.sinks.${index}.${key}: ${message}`, {
    kind: 'usage',
    hint: 'see [[notify.sinks]] in config.toml.example',
  });
}
