import { buildProgram, type Handler } from './cli/program.js';
import { commandNamed, readPlainly } from './cli/command-line.js';
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
// For scripts/build.mjs, which writes the code cache of each file the bundle loaded while warming up.
export { compiledScripts } from './io/compiled.js';

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
export function mayPrompt(args: readonly string[], named = commandNamed(args)): boolean {
  const globals = globalsFromArgv(['', '', ...args]);
  if (globals.stdin || !globals.input || args.some((arg) => ['-h', '--help', '-V', '--version'].includes(arg))) return false;
  // Each command says whether it prompts, in src/commands/registry.ts.
  return named.entry?.prompts ?? false;
}

/** Only a command that reads the whole command tree (`completion`) writes its script, and commander runs it. */
function noTree(): never {
  throw new Error('the completion script is made from the command tree, which only commander builds');
}

/** Runs one command line and returns the exit code; only bin/household.js ends the process. */
export async function main(proc: ProcessLike): Promise<number> {
  const args = proc.argv.slice(2);
  // The command the line names, read once: for the terminal's echo, to run it, and for an error's hint.
  const named = commandNamed(args);
  // First of all, before the prompt library (or anything slow) loads: no echo for keys typed ahead.
  if (proc.holdTerminal && proc.stdinIsTTY && mayPrompt(args, named)) proc.holdTerminal();
  let io = createOutput(proc, globalsFromArgv(proc.argv));
  let prompter: Prompter | undefined;
  // Outside the try: a hint names the store the command line gave (--store), read from it after a failure.
  let store: string | undefined;
  let program: Awaited<ReturnType<typeof buildProgram>> | undefined;
  // The command's handler, on the context made from the global options it was given.
  const start = async <O>(handler: Handler<O>, opts: O, globals: GlobalOptions) => {
    const ctx = createContext(proc, globals);
    io = ctx.io;
    prompter = ctx.prompter;
    await handler(ctx, opts);
  };
  try {
    // A plain command line runs its command straight away; commander reads every other one (help, a
    // mistake it names, a rarer form) and runs the same command's action with what it read.
    const spec = named.entry && !named.entry.wholeTree ? (await named.entry.load()).command : undefined;
    const plain = spec && readPlainly(args, named.path, spec);
    if (spec && plain) {
      store = plain.globals.store;
      const line = { args: plain.args, flags: plain.flags, typed: plain.typed, cwd: proc.cwd(), env: proc.env, completionScript: noTree };
      await start(spec.run, spec.parse(line), { ...plain.flags, ...plain.globals });
      return 0;
    }
    program = await buildProgram((handler, opts, command) => start(handler, opts, command.optsWithGlobals<GlobalOptions>()), { stdout: proc.stdout, stderr: proc.stderr, cwd: proc.cwd(), env: proc.env }, args);
    await program.parseAsync(proc.argv);
    return 0;
  } catch (error) {
    const outcome = outcomeOf(error, ['household', ...named.path].join(' '), householdOn(store ?? program?.opts<GlobalOptions>().store));
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
