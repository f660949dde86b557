import { buildProgram } from './cli/program.js';
import { createContext, createOutput, type GlobalOptions, type ProcessLike } from './cli/context.js';
import { outcomeOf } from './cli/errors.js';
import type { Prompter } from './io/prompter.js';
import { nodeProcess } from './io/terminal.js';
import { useImporter } from './io/packages.js';

/** What an error before any action (a commander usage error) is printed with: --json and --no-color as typed. */
function globalsFromArgv(argv: string[]): GlobalOptions {
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  return { json: args.includes('--json'), color: !args.includes('--no-color') };
}

/** Runs one command line and returns the exit code; only bin/household.js ends the process. */
export async function main(proc: ProcessLike): Promise<number> {
  let io = createOutput(proc, globalsFromArgv(proc.argv));
  let prompter: Prompter | undefined;
  const program = buildProgram(
    async (handler, opts, command) => {
      const ctx = createContext(proc, command.optsWithGlobals<GlobalOptions>());
      io = ctx.io;
      prompter = ctx.prompter;
      await handler(ctx, opts);
    },
    { stdout: proc.stdout, stderr: proc.stderr, cwd: proc.cwd() },
    proc.argv.slice(2),
  );
  try {
    await program.parseAsync(proc.argv);
    return 0;
  } catch (error) {
    const outcome = outcomeOf(error);
    if (outcome.failure) await io.error(outcome.failure);
    return outcome.exitCode;
  } finally {
    prompter?.close();
  }
}

/** What bin/household.js calls with the real process and its own import(). */
export function run(proc: NodeJS.Process, importer?: (specifier: string) => Promise<unknown>): Promise<number> {
  if (importer) useImporter(importer);
  return main(nodeProcess(proc));
}
