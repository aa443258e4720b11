/** Flags several commands share, defined and checked in one place (the vocabulary is in the README). */
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
  return command.option(
    '--format <format>',
    'table, csv, json or ndjson (default: table on a terminal, csv when piped)',
  );
}

export interface PeriodFlags {
  period?: string;
  start?: string;
  end?: string;
}

/** `--period YYYY-MM` (one billing period) or `--start`/`--end YYYY-MM` (a range, both ends included). */
export function periodOptions(command: Command): Command {
  return command
    .option('--period <YYYY-MM>', 'one billing period')
    .option('--start <YYYY-MM>', 'first billing period')
    .option('--end <YYYY-MM>', 'last billing period');
}

const yearMonth = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Checks `--flag YYYY-MM` and returns it. */
export function checkPeriod(flag: string, period?: string): string | undefined {
  if (period !== undefined && !yearMonth.test(period)) {
    throw usageError(`${flag} must be YYYY-MM, not ${JSON.stringify(period)}`, `e.g. ${flag} 2024-03`);
  }
  return period;
}

/** The first and last period asked for: `--period` is both; `--start`/`--end` each bound one side. */
export function periodRange(flags: PeriodFlags): { start?: string; end?: string } {
  const period = checkPeriod('--period', flags.period);
  const start = checkPeriod('--start', flags.start);
  const end = checkPeriod('--end', flags.end);
  if (period && (start || end)) throw usageError('use --period, or --start/--end, not both');
  if (start && end && start > end) throw usageError(`--start ${start} is after --end ${end}`);
  return period ? { start: period, end: period } : { start, end };
}

/** Every month from `start` to `end`, both included: 2023-12..2024-02 -> 2023-12, 2024-01, 2024-02. */
export function monthsBetween(start: string, end: string): string[] {
  const months: string[] = [];
  let [year, month] = start.split('-').map(Number) as [number, number];
  for (let label = start; label <= end; ) {
    months.push(label);
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
    label = `${year}-${String(month).padStart(2, '0')}`;
  }
  return months;
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
