/**
 * Wraps a command's action: builds the context from global flags, runs the action, and turns any error
 * into one readable message and a stable exit code. Commands stay free of error plumbing.
 */
import type { Command } from 'commander';
import { type Context, createContext, type GlobalFlags } from './context.ts';
import { reportError } from './output.ts';

export type Action<O> = (ctx: Context, options: O, args: string[]) => Promise<unknown>;

export function action<O>(run: Action<O>) {
  return async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const options = command.opts() as O & { format?: string };
    const globals = command.optsWithGlobals() as GlobalFlags;
    const args = received.slice(0, -2).filter((a): a is string => typeof a === 'string');
    try {
      const ctx = createContext(globals);
      const code = await run(ctx, options, args);
      process.exitCode = typeof code === 'number' ? code : 0;
    } catch (error) {
      process.exitCode = reportError(error, { json: options.format === 'json', verbose: globals.verbose });
    }
  };
}
