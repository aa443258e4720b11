/** Flags several commands share, defined and checked in one place. */
import type { Command } from 'commander';
import { usageError } from '../errors.ts';

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
