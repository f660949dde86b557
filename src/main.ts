import { buildProgram, commandNamed, commandPath } from './cli/program.js';
import { createContext, createOutput, type GlobalOptions } from './cli/context.js';
import { householdOn, outcomeOf } from './cli/errors.js';
import type { ProcessLike } from './io/process.js';
import type { Prompter } from './io/prompter.js';
import { nodeProcess } from './io/terminal.js';
import { useImporter } from './io/packages.js';

// For scripts/build.mjs, which makes the man page from the same command tree.
export { buildProgram } from './cli/program.js';
// For bin/household.js, which ends the process rather than wait for a lock request it gave up on.
export { lockWaitsLeftBehind } from './store/lock.js';

/** What an error before any action (a commander usage error) is printed with: --json and --no-color as typed. */
function globalsFromArgv(argv: string[]): GlobalOptions {
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  return { json: args.includes('--json'), color: !args.includes('--no-color'), stdin: args.includes('--stdin'), input: !args.includes('--no-input') };
}

/**
 * Whether this command line may prompt on a terminal, read from argv before anything else is loaded:
 * then the terminal's echo goes off at once, so keys typed right after Enter are never shown.
 */
export function mayPrompt(args: readonly string[]): boolean {
  const globals = globalsFromArgv(['', '', ...args]);
  if (globals.stdin || !globals.input || args.some((arg) => ['-h', '--help', '-V', '--version'].includes(arg))) return false;
  // Each command says whether it prompts, in src/commands/registry.ts.
  return commandNamed(args).entry?.prompts ?? false;
}

/** Runs one command line and returns the exit code; only bin/household.js ends the process. */
export async function main(proc: ProcessLike): Promise<number> {
  const args = proc.argv.slice(2);
  // First of all, before the prompt library (or anything slow) loads: no echo for keys typed ahead.
  // Reading the command line is asked last: without a terminal (scripts, PAM) it is not needed.
  if (proc.holdTerminal && proc.stdinIsTTY && mayPrompt(args)) proc.holdTerminal();
  let io = createOutput(proc, globalsFromArgv(proc.argv));
  let prompter: Prompter | undefined;
  // Outside the try: a hint names the store the command line gave (--store), read from it after a failure.
  let program: Awaited<ReturnType<typeof buildProgram>> | undefined;
  try {
    program = await buildProgram(
      async (handler, opts, command) => {
        const ctx = createContext(proc, command.optsWithGlobals<GlobalOptions>());
        io = ctx.io;
        prompter = ctx.prompter;
        await handler(ctx, opts);
      },
      { stdout: proc.stdout, stderr: proc.stderr, cwd: proc.cwd(), env: proc.env },
      args,
    );
    await program.parseAsync(proc.argv);
    return 0;
  } catch (error) {
    const store = program?.opts<GlobalOptions>().store;
    const outcome = outcomeOf(error, ['household', ...commandPath(args)].join(' '), householdOn(store));
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
