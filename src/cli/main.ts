/** Entry point of the `finops` binary. */
import { buildProgram } from './program.ts';

await buildProgram().parseAsync(process.argv);
