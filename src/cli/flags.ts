/** Flags several commands share, defined and checked in one place. */
import type { Command } from 'commander';
import type { Config } from '../config/schema.ts';
import { usageError } from '../errors.ts';
import type { S3Settings } from '../stores/open-store.ts';

export function waitOption(command: Command): Command {
  return command.option('--wait <seconds>', 'wait this long for another process that holds the warehouse');
}

/** `--wait SECONDS`: a number of seconds, or undefined when not given. */
export function waitSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (text.trim() === '' || !(seconds >= 0)) {
    throw usageError(`--wait takes a number of seconds, not ${JSON.stringify(text)}`, 'e.g. --wait 60');
  }
  return seconds;
}

export function formatOption(command: Command): Command {
  return command.option('--format <format>', 'table, csv, json or ndjson');
}

/** `--region` and `--endpoint` over config.toml's [s3]: an endpoint of its own means path-style URLs. */
export function s3Settings(config: Config, flags: { region?: string; endpoint?: string }): S3Settings {
  const endpoint = flags.endpoint ?? config.s3.endpoint;
  return {
    region: flags.region ?? config.s3.region,
    endpoint,
    forcePathStyle: config.s3.force_path_style ?? Boolean(endpoint),
    profile: config.s3.profile,
    checksumsWhenRequired: config.s3.checksums_when_required,
  };
}
