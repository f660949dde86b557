import type { Command } from 'commander';
import { COMMANDS, GROUPS, type CommandEntry } from '../commands/registry.js';
import type { AnyCommandSpec } from '../commands/spec.js';
import { commandNamed, startsWith } from './command-line.js';
import type { ProgramEnvironment, Runner } from './commander-tree.js';

export type { Handler } from '../commands/spec.js';
export type { ProgramEnvironment, Runner } from './commander-tree.js';

/**
 * The commander program for the commands of src/commands/registry.ts. `argv`, when given, limits the
 * commands built (and so the modules loaded) to those it may run: a command line runs one command, and
 * building the others was a millisecond of every start. Every group is still listed (with its
 * description) in `household --help`.
 */
export async function buildProgram(run: Runner, environment: ProgramEnvironment, argv?: readonly string[]): Promise<Command> {
  // Only the command the command line names is built, and when it names a group (or none), the
  // commands under it, for its help and for suggestions after a typo; every command for one that
  // writes a script of the whole tree (`completion`).
  const named = argv === undefined ? undefined : commandNamed(argv);
  const built = (entry: CommandEntry): boolean =>
    named === undefined ||
    named.entry?.wholeTree === true ||
    (startsWith(entry.path, named.path) && entry.path.length <= named.path.length + 1 && (named.entry === undefined || named.entry === entry));
  // One after another: in the bundle each load is a function call a tick away; Jest's ES-module loader
  // fails on loads at once that share a module ("request for 'node:path' is not in cache").
  const commands: Array<{ path: readonly string[]; spec?: AnyCommandSpec }> = [];
  for (const entry of COMMANDS) commands.push({ path: entry.path, spec: built(entry) ? (await entry.load()).command : undefined });
  // commander and the wiring: a file of its own in the build (scripts/build.mjs), read only here.
  const { commanderProgram } = await import('./commander-tree.js');
  return commanderProgram(run, environment, commands, GROUPS);
}
