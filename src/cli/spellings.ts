/**
 * The old spellings of commands and flags, from before the one command language (README, "Command
 * language"). Each still works, is hidden from --help, and says on stderr, in one line, what to write
 * instead: scripts keep running while their authors learn the new words.
 */
import { type Command, Option } from 'commander';

export function deprecationNote(old: string, now: string): void {
  process.stderr.write(`note: ${old} is deprecated, use ${now} (the old spelling still works for now)\n`);
}

/**
 * `old` (flags as commander takes them, e.g. '--start-date <YYYY-MM>') as a hidden spelling of the option
 * `now` (e.g. '--start'): its value moves to the new option before the action runs.
 */
export function renamedOption(command: Command, old: string, now: string): Command {
  const option = new Option(old).hideHelp();
  const from = option.attributeName();
  const to = new Option(now).attributeName();
  command.addOption(option);
  command.hook('preAction', (self) => {
    const value = self.getOptionValue(from);
    if (value === undefined) return;
    deprecationNote(option.long ?? old, now);
    // The new spelling wins when both are given; the old one only fills what was not.
    if (self.getOptionValueSource(to) !== 'cli') self.setOptionValueWithSource(to, value, 'cli');
    self.setOptionValue(from, undefined);
  });
  return command;
}

/**
 * `group old` as a hidden command defined exactly like `now` (`define` adds its options and action),
 * e.g. `azure list-exports` for `azure list`.
 */
export function renamedCommand(
  group: Command,
  old: string,
  now: string,
  define: (command: Command) => Command,
): void {
  const command = group.command(old, { hidden: true });
  define(command).hook('preAction', () =>
    deprecationNote(`finops ${group.name()} ${old}`, `finops ${group.name()} ${now}`),
  );
}

/** `--start-date`/`--end-date YYYY-MM`, as aws, azure and alibaba took a period range. */
export function oldPeriodSpellings(command: Command): Command {
  renamedOption(command, '--start-date <YYYY-MM>', '--start');
  return renamedOption(command, '--end-date <YYYY-MM>', '--end');
}
