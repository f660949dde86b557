import { Argument, Command, Option } from 'commander';
import { PLANS, RESTRICTIONS, type Plan, type Restriction } from '../domain/accounts.js';
import { VERSION } from '../version.js';
import type { Context } from './context.js';
import type { Writer } from './output.js';
import { initRun } from '../commands/init.js';
import { listRun } from '../commands/users/list.js';
import { addKind, addRun, type AddOptions } from '../commands/users/add.js';
import { removeRun } from '../commands/users/remove.js';
import { pinSetRun } from '../commands/pin/set.js';
import { pinRemoveRun } from '../commands/pin/remove.js';
import { pinResetRun } from '../commands/pin/reset.js';
import { planSetRun } from '../commands/plan/set.js';
import { configRun } from '../commands/config.js';

/**
 * Commander wiring only: each action turns flags into a handler's options and hands both to `run`,
 * which builds the context. Tests pass a `run` that records what it was given.
 */
export type Handler<O> = (ctx: Context, opts: O) => Promise<void>;
export type Runner = <O>(handler: Handler<O>, opts: O, command: Command) => Promise<void>;

const SECRETS_HELP = `
Secrets (passwords, PINs) are never taken as arguments. On a terminal they are asked with masked
prompts; with --stdin they are read from standard input, one per line, in the order the prompts ask.
Without a terminal and without --stdin, a command that needs a secret exits 64 at once.

Exit codes: 0 done, 1 internal error, 64 usage, 65 bad data, 66 no store, 67 no such account,
73 cannot create, 75 try again later (locked store, cooling-off), 77 refused, 78 store unusable,
130 interrupted.

Store: --store PATH, else $HOUSEHOLD_STORE, else "household config set store PATH",
else $XDG_DATA_HOME/household/household.json (~/.local/share/household/household.json).`;

function asks(order: string): string {
  return `\nAsks, in this order (and so reads with --stdin): ${order}.`;
}

export interface ProgramOutput {
  stdout: Writer & { columns?: number };
  stderr: Writer & { columns?: number };
  cwd: string;
}

/**
 * `argv`, when given, limits the groups whose subcommands are built to those named in it: a command
 * line runs at most one group, and building the others' subcommands was a millisecond of every start.
 * Every group is still listed (with its description) in `household --help`.
 */
export function buildProgram(run: Runner, output: ProgramOutput, argv?: readonly string[]): Command {
  const wanted = (group: string) => argv === undefined || argv.includes(group);
  const program = new Command('household')
    .description('Manage a household of accounts (admin, managed, members) and who must prove what to change their 4-digit PINs.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--store <path>', 'the household store file (default: see below)')
    .option('--json', 'print JSON on stdout (errors as JSON on stderr)')
    .option('--stdin', 'read secrets from standard input, one per line')
    .option('--no-input', 'never prompt: a command that needs a secret fails (exit 64)')
    .option('--no-color', 'no colour, even on a terminal (also NO_COLOR, TERM=dumb)')
    .addHelpText('after', SECRETS_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.stdout.write(text),
      writeErr: (text) => output.stderr.write(text),
      // Errors are printed by src/cli/errors.ts, in the contract's format.
      outputError: () => {},
      // commander's defaults read process.stdout and process.stderr, opening them as streams (slow to
      // start for a pipe); the width is asked of our writers, and help has no colour.
      getOutHelpWidth: () => output.stdout.columns ?? 80,
      getErrHelpWidth: () => output.stderr.columns ?? 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });

  program
    .command('init')
    .description('create the household store; asks the admin password twice and an optional PIN')
    .requiredOption('--admin <name>', "the admin's name")
    .option('--email <address>', "the admin's e-mail address")
    .addOption(new Option('--plan <plan>', 'the household plan').choices(PLANS).default('free'))
    .addHelpText('after', asks('admin password, password again, PIN (empty for none), PIN again (only when one was given)'))
    .action((opts: { admin: string; email?: string; plan: Plan }, command: Command) =>
      run(initRun, { admin: opts.admin, email: opts.email, plan: opts.plan }, command),
    );

  const users = program.command('users').description('list, add and remove accounts');
  if (wanted('users')) {
    users
      .command('list')
      .description('every account: name, kind, whether a PIN is required, restriction')
      .addHelpText('after', '\nOn a terminal: a table. Piped: name, kind, PIN (yes/no), restriction (- for none), tab-separated, no header.')
      .action((_opts: object, command: Command) => run(listRun, undefined, command));
    users
      .command('add')
      .description('add a managed account (needs plan pass) or a member (asks a password twice)')
      .argument('<name>', 'the new account; 1-32 characters, unique without regard to case')
      .option('--managed', 'a managed account: no password, no e-mail')
      .option('--member', 'a member with a password of their own')
      .addOption(new Option('--restriction <profile>', 'restriction profile of a managed account').choices(RESTRICTIONS))
      .addHelpText('after', asks('with --member: password, password again; with --managed: nothing'))
      .action((name: string, flags: { managed?: boolean; member?: boolean; restriction?: Restriction }, command: Command) => {
        const kind = addKind(flags);
        const opts: AddOptions = kind === 'managed' ? { name, kind, restriction: flags.restriction ?? 'none' } : { name, kind };
        return run(addRun, opts, command);
      });
    users
      .command('remove')
      .description('remove an account (never the admin)')
      .argument('<name>', 'the account to remove')
      .action((name: string, _opts: object, command: Command) => run(removeRun, { name }, command));
  }

  const pin = program.command('pin').description('set, remove or reset PINs');
  if (wanted('pin')) {
    pin
      .command('set')
      .description('set or change the PIN of an account')
      .argument('<name>', 'the account')
      .addHelpText(
        'after',
        asks("the proof the rules require (the admin's or a member's current PIN; a member without a PIN: its password; a managed account: nothing), then the new PIN, new PIN again"),
      )
      .action((name: string, _opts: object, command: Command) => run(pinSetRun, { name }, command));
    pin
      .command('remove')
      .description('remove PINs; an account without one is reported unchanged')
      .argument('[names...]', 'the accounts')
      .option('--all-managed', 'also every managed account')
      .addHelpText(
        'after',
        asks('for each named admin or member that has a PIN, in the order named, its current PIN; managed accounts need nothing') +
          '\nAll or nothing: an unknown name or a wrong PIN removes no PIN at all.',
      )
      .action((names: string[], flags: { allManaged?: boolean }, command: Command) =>
        run(pinRemoveRun, { names, allManaged: Boolean(flags.allManaged) }, command),
      );
    pin
      .command('reset')
      .description('forgotten PIN: set a new one, proven by the account password')
      .argument('<name>', 'the admin or a member')
      .addHelpText('after', asks('new PIN, new PIN again, then the account password'))
      .action((name: string, _opts: object, command: Command) => run(pinResetRun, { name }, command));
  }

  const plan = program.command('plan').description("change the household's plan");
  if (wanted('plan')) {
    plan
      .command('set')
      .description('set the plan; managed accounts need pass to be added, and stay when it goes back to free')
      .addArgument(new Argument('<plan>', 'free or pass').choices(PLANS))
      .action((value: Plan, _opts: object, command: Command) => run(planSetRun, { plan: value }, command));
  }

  const config = program.command('config').description('the operator preferences, kept with conf');
  if (wanted('config')) {
    for (const action of ['get', 'set', 'unset'] as const) {
      const sub = config
        .command(action)
        .description(
          { get: 'print a preference', set: 'set a preference (the default store path)', unset: 'forget a preference' }[action],
        )
        .argument('<key>', 'the preference: store');
      if (action === 'set') sub.argument('<path>', 'the store file');
      sub.action((key: string, ...rest: unknown[]) => {
        const command = rest[rest.length - 1] as Command;
        const value = action === 'set' ? (rest[0] as string) : undefined;
        return run(configRun, { action, key, value, cwd: output.cwd }, command);
      });
    }
  }

  return program;
}
