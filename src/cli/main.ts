/** Entry point of the `finops` binary. */
import { buildProgram } from './program.ts';

await (await buildProgram(process.argv)).parseAsync(process.argv);
