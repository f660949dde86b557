import { Argument, Command, Help, Option } from 'commander';
import { PLANS, RESTRICTIONS, type Plan, type Restriction } from '../domain/accounts.js';
import { HouseholdError } from '../domain/errors.js';
import { VERSION } from '../version.js';
import type { Context } from '../commands/context.js';
import type { Writer } from '../io/output.js';
import { initRun } from '../commands/init.js';
import { listRun } from '../commands/users/list.js';
import { addKind, addRun, type AddOptions } from '../commands/users/add.js';
import { removeRun } from '../commands/users/remove.js';
import { showRun } from '../commands/users/show.js';
import { unlockRun } from '../commands/users/unlock.js';
import { usersSetRun } from '../commands/users/set.js';
import { pinSetRun } from '../commands/pin/set.js';
import { pinRemoveRun } from '../commands/pin/remove.js';
import { pinResetRun } from '../commands/pin/reset.js';
import { pinVerifyRun } from '../commands/pin/verify.js';
import { passwordSetRun } from '../commands/password/set.js';
import { passwordResetRun } from '../commands/password/reset.js';
import { planSetRun } from '../commands/plan/set.js';
import { configRun } from '../commands/config.js';
import { logRun } from '../commands/log.js';
import { completionRun } from '../commands/completion.js';
import { timezoneRun } from '../commands/timezone.js';
import { hoursGrantRun } from '../commands/hours/grant.js';
import { hoursRevokeRun } from '../commands/hours/revoke.js';
import { hoursCheckRun } from '../commands/hours/check.js';
import type { Marked, ValueSource } from './command-tree.js';
// Only its one function is imported: scripts/build.mjs makes this module a file of its own, read on first call.
import { completionScript } from './completion.js';

/**
 * Commander wiring only: each action turns flags into a handler's options and hands both to `run`,
 * which builds the context. Tests pass a `run` that records what it was given. This tree is also the
 * one source of the man page and the shell completions.
 */
export type Handler<O> = (ctx: Context, opts: O) => Promise<void>;
export type Runner = <O>(handler: Handler<O>, opts: O, command: Command) => Promise<void>;

export const SECRETS_HELP = `Secrets (passwords, PINs) are never taken as arguments. On a terminal they are asked with masked prompts; with --stdin they are read from standard input, one per line, in the order the prompts ask. Without a terminal and without --stdin, a command that needs a secret exits 64 at once.

Exit codes: 0 done, 1 internal error, 64 usage, 65 bad data, 66 no store, 67 no such account, 73 cannot create, 74 input/output error, 75 try again later (locked store, cooling-off), 77 refused (wrong secret, disabled, outside allowed hours, the rules), 78 store unusable, 130 interrupted.

Store: --store PATH, else $HOUSEHOLD_STORE, else "household config set store PATH", else $XDG_DATA_HOME/household/household.json (~/.local/share/household/household.json).`;

/** The subcommands of each group, so that a command line that names one builds only that one. */
const SUBCOMMANDS = {
  users: ['list', 'show', 'add', 'set', 'unlock', 'remove'],
  pin: ['set', 'remove', 'reset', 'verify'],
  password: ['set', 'reset'],
  plan: ['set'],
  hours: ['grant', 'revoke', 'check'],
} as const;

/** The shells `household completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const COMPLETION_HELP = `Install the script where the shell looks for it, then start a new shell (README: Shell completion):
  bash, for you, in ~/.bashrc: source <(household completion bash)
  bash, for every user (bash-completion package): household completion bash | sudo tee /etc/bash_completion.d/household > /dev/null
  zsh, for you, in ~/.zshrc after compinit: source <(household completion zsh)
  zsh, for every user: household completion zsh | sudo tee /usr/local/share/zsh/site-functions/_household > /dev/null
  fish: mkdir -p ~/.config/fish/completions && household completion fish > ~/.config/fish/completions/household.fish
Account names are completed with "household users list" on the store the command line names (--store PATH), else the one household itself would use; nothing typed is run.`;

/** Marks where the shell completion finds a value: the store's account names, or files. */
function completes<T extends Argument | Option>(source: ValueSource, item: T): T {
  return Object.assign(item, { completes: source } satisfies Marked);
}

/** An argument that names an existing account. */
function account(flags: string, description: string): Argument {
  return completes('accounts', new Argument(flags, description));
}

/** The narrowest description column help shows beside its terms (a terminal of 60 columns has 33). */
const NARROW_COLUMN = 30;

function asks(order: string): string {
  return `Asks, in this order (and so reads with --stdin): ${order}.`;
}

export interface ProgramEnvironment {
  stdout: Writer & { columns?: number };
  stderr: Writer & { columns?: number };
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Wraps text at word boundaries to `width` columns, keeping its own line breaks and each line's indentation. */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^ */.exec(line)![0];
      const lines: string[] = [];
      let current = '';
      for (const word of line.slice(indent.length).split(' ')) {
        if (current !== '' && indent.length + current.length + 1 + word.length > width) {
          lines.push(current);
          current = word;
        } else {
          current = current === '' ? word : `${current} ${word}`;
        }
      }
      lines.push(current);
      return lines.map((part) => indent + part).join('\n');
    })
    .join('\n');
}

/** The words of the command a command line names (`pin set`), for hints that point at its own help. */
export function commandPath(program: Command, args: readonly string[]): string[] {
  const path: string[] = [];
  let current = program;
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i];
    if (word === '--') break;
    if (word.startsWith('-')) {
      // The global options that take a value: skip the value too.
      if (word === '--store') i += 1;
      continue;
    }
    const sub = current.commands.find((command) => command.name() === word || command.aliases().includes(word));
    if (!sub) break;
    path.push(sub.name());
    current = sub;
  }
  return path;
}

/**
 * `argv`, when given, limits the groups whose subcommands are built to those named in it: a command
 * line runs at most one group, and building the others' subcommands was a millisecond of every start.
 * Every group is still listed (with its description) in `household --help`.
 */
export function buildProgram(run: Runner, environment: ProgramEnvironment, argv?: readonly string[]): Command {
  // `completion` writes a script for the whole tree, so it needs every group built.
  const everything = argv === undefined || argv.includes('completion');
  const wanted = (group: string) => everything || argv.includes(group);
  // Within a group, only the subcommand named is built (each costs its options' parsing at every
  // start); all of them when none is named, for the group's help and for suggestions after a typo.
  const named = (group: keyof typeof SUBCOMMANDS, name: string) =>
    wanted(group) && (everything || argv.includes(name) || !SUBCOMMANDS[group].some((sub) => argv.includes(sub)));
  // A terminal that reports no size (0 columns, as a fresh pseudo-terminal may) gets the usual 80.
  const helpWidth = () => environment.stdout.columns || 80;
  const after = (text: string) => () => `\n${wrapText(text, Math.max(20, helpWidth() - 1))}`;
  const program = new Command('household')
    .description('Manage a household of accounts (admin, managed, members) and who must prove what to change their 4-digit PINs and passwords.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .addOption(completes('files', new Option('--store <path>', 'the household store file (default: see "Store" in household --help)')))
    .option('--json', 'print JSON on stdout (errors as JSON on stderr)')
    .option('--stdin', 'read secrets from standard input, one per line')
    .option('--no-input', 'never prompt: a command that needs a secret fails (exit 64)')
    .option('--no-color', 'no colour, even on a terminal (also NO_COLOR, TERM=dumb)')
    .configureHelp({
      // Every subcommand's help lists the global options it may be given, not only the top one.
      showGlobalOptions: true,
      // commander stops wrapping a description column narrower than 40; ours wraps down to 20 ...
      minWidthToWrap: 20,
      // ... and below NARROW_COLUMN, a description goes under its term, wrapped to the whole width.
      formatItem(term, termWidth, description, helper) {
        const width = this.helpWidth ?? 80;
        if (!description || width - termWidth - 4 >= NARROW_COLUMN) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
        return `  ${term}\n${helper.boxWrap(description, width - 6).replace(/^/gm, '      ')}`;
      },
    })
    .addHelpText('after', after(SECRETS_HELP))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => environment.stdout.write(text),
      writeErr: (text) => environment.stderr.write(text),
      // Errors are printed by src/cli/errors.ts, in the contract's format.
      outputError: () => {},
      // commander's defaults read process.stdout and process.stderr, opening them as streams (slow to
      // start for a pipe); the width is asked of our writers, and help has no colour.
      getOutHelpWidth: helpWidth,
      getErrHelpWidth: () => environment.stderr.columns || 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });

  program
    .command('init')
    .description('create the household store; asks the admin password twice and an optional PIN')
    // commander marks no option as required in help: the usage line and the description say it.
    .usage('--admin <name> [options]')
    .requiredOption('--admin <name>', "the admin's name (required)")
    .option('--email <address>', "the admin's e-mail address")
    .addOption(new Option('--plan <plan>', 'the household plan').choices(PLANS).default('free'))
    .addHelpText('after', after(asks('admin password, password again, PIN (empty for none), PIN again (only when one was given)')))
    .action((opts: { admin: string; email?: string; plan: Plan }, command: Command) =>
      run(initRun, { admin: opts.admin, email: opts.email, plan: opts.plan }, command),
    );

  const users = program.command('users').description('list, show, add, change, unlock and remove accounts');
  if (named('users', 'list')) {
    users
      .command('list')
      .description('every account: name, kind, whether a PIN is required, restriction (admin first, then by name)')
      .addHelpText('after', after('On a terminal: a table. Piped: name, kind, PIN (yes/no), restriction (- for none), tab-separated, no header.'))
      .action((_opts: object, command: Command) => run(listRun, undefined, command));
  }
  if (named('users', 'show')) {
    users
      .command('show')
      .description('one account, with the lockout state of its PIN and its password (like faillock --user)')
      .addArgument(account('<name>', 'the account'))
      .action((name: string, _opts: object, command: Command) => run(showRun, { name }, command));
  }
  if (named('users', 'add')) {
    users
      .command('add')
      .description('add a managed account (needs plan pass) or a member (asks a password twice)')
      .argument('<name>', 'the new account; 1-32 characters, unique without regard to case')
      .option('--managed', 'a managed account: no password, no e-mail')
      .option('--member', 'a member with a password of their own')
      .addOption(new Option('--restriction <profile>', 'restriction profile of a managed account').choices(RESTRICTIONS))
      .addHelpText('after', after(asks('with --member: password, password again; with --managed: nothing')))
      .action((name: string, flags: { managed?: boolean; member?: boolean; restriction?: Restriction }, command: Command) => {
        const kind = addKind(flags);
        const opts: AddOptions = kind === 'managed' ? { name, kind, restriction: flags.restriction ?? 'none' } : { name, kind };
        return run(addRun, opts, command);
      });
  }
  if (named('users', 'set')) {
    const set = users
      .command('set')
      .description("change an account's name, restriction or allowed hours (managed accounts) or e-mail (the admin and members)")
      .addArgument(account('<name>', 'the account'))
      .option('--rename <new>', 'a new name, by the same rules as a new account')
      .addOption(new Option('--restriction <profile>', 'restriction profile of a managed account').choices(RESTRICTIONS))
      .option('--email <address>', 'a new e-mail address')
      .option('--no-email', 'remove the e-mail address')
      .option('--hours <spec>', 'allowed hours of a managed account, such as "Mo-Fr 15:00-19:30, Sa-Su 09:00-21:00"')
      .option('--no-hours', 'remove the allowed hours: the account may be used at any time')
      .addHelpText('after', after('Needs nothing beyond access to the store, and at least one option.\nHours: windows separated by commas, each a day part (Mo..Su, a range such as Mo-Fr or Fr-Mo, daily, weekdays, weekends) and HH:MM-HH:MM (24-hour; 24:00 only as an end; an end before its start runs past midnight), in the household\'s time zone (household timezone).'));
    // --email and --no-email share one value in commander, so which of them was typed is noted here.
    const given = new Set<string>();
    set.on('option:email', () => given.add('email')).on('option:no-email', () => given.add('no-email'));
    set.on('option:hours', () => given.add('hours')).on('option:no-hours', () => given.add('no-hours'));
    set.action((name: string, flags: { rename?: string; restriction?: Restriction; email?: string | false; hours?: string | false }, command: Command) => {
      if (given.has('email') && given.has('no-email')) throw new HouseholdError('USAGE', 'choose one of --email ADDR and --no-email, not both');
      if (given.has('hours') && given.has('no-hours')) throw new HouseholdError('USAGE', 'choose one of --hours SPEC and --no-hours, not both');
      const email = flags.email === false ? null : flags.email;
      const hours = flags.hours === false ? null : flags.hours;
      return run(usersSetRun, { name, rename: flags.rename, restriction: flags.restriction, email, hours }, command);
    });
  }
  if (named('users', 'unlock')) {
    users
      .command('unlock')
      .description('clear failure counts, cooling-off and disabling (both kinds when neither is named; like faillock --reset)')
      .addArgument(account('<name>', 'the account'))
      .option('--pin', 'the PIN failures')
      .option('--password', 'the password failures')
      .action((name: string, flags: { pin?: boolean; password?: boolean }, command: Command) =>
        run(unlockRun, { name, pin: Boolean(flags.pin), password: Boolean(flags.password) }, command),
      );
  }
  if (named('users', 'remove')) {
    users
      .command('remove')
      .description('remove an account (never the admin)')
      .addArgument(account('<name>', 'the account to remove'))
      .action((name: string, _opts: object, command: Command) => run(removeRun, { name }, command));
  }

  const pin = program.command('pin').description('set, remove, reset or verify PINs');
  if (named('pin', 'set')) {
    pin
      .command('set')
      .description('set or change the PIN of an account')
      .addArgument(account('<name>', 'the account'))
      .addHelpText(
        'after',
        after(asks("the proof the rules require (the admin's or a member's current PIN; a member without a PIN: its password; a managed account: nothing), then the new PIN, new PIN again")),
      )
      .action((name: string, _opts: object, command: Command) => run(pinSetRun, { name }, command));
  }
  if (named('pin', 'remove')) {
    pin
      .command('remove')
      .description('remove PINs; an account without one is reported unchanged')
      .addArgument(account('[names...]', 'the accounts'))
      .option('--all-managed', 'also every managed account')
      .addHelpText(
        'after',
        after(`${asks('for each named admin or member that has a PIN, in the order named, its current PIN; managed accounts need nothing')}\nAll or nothing: an unknown name or a wrong PIN removes no PIN at all.`),
      )
      .action((names: string[], flags: { allManaged?: boolean }, command: Command) =>
        run(pinRemoveRun, { names, allManaged: Boolean(flags.allManaged) }, command),
      );
  }
  if (named('pin', 'reset')) {
    pin
      .command('reset')
      .description('forgotten PIN: set a new one, proven by the account password')
      .addArgument(account('<name>', 'the admin or a member'))
      .addHelpText('after', after(asks('new PIN, new PIN again, then the account password')))
      .action((name: string, _opts: object, command: Command) => run(pinResetRun, { name }, command));
  }
  if (named('pin', 'verify')) {
    pin
      .command('verify')
      .description('check a PIN for another program: exit 0 right, 77 wrong or refused, 75 cooling off')
      .addArgument(account('[name]', 'the account (default: $PAM_USER, as pam_exec sets it)'))
      .option('--require-pin', 'refuse an account without a PIN (77) instead of letting it through')
      .addHelpText(
        'after',
        after(`${asks('the PIN (nothing when the account has none)')}\nA wrong PIN is counted like any other. For PAM (pam_exec with expose_authtok), the recipe is in the man page, under PAM: man household.`),
      )
      .action((name: string | undefined, flags: { requirePin?: boolean }, command: Command) => {
        // An explicit NAME wins; pam_exec names the account only in its environment.
        const account = name ?? (environment.env.PAM_USER || undefined);
        if (account === undefined) throw new HouseholdError('USAGE', "name the account (or run it from pam_exec, which sets PAM_USER)");
        return run(pinVerifyRun, { name: account, fromPam: name === undefined, requirePin: Boolean(flags.requirePin) }, command);
      });
  }

  const password = program.command('password').description('change a password, or reset a forgotten one');
  if (named('password', 'set')) {
    password
      .command('set')
      .description('change the password of the admin or a member')
      .addArgument(account('<name>', 'the admin or a member'))
      .addHelpText('after', after(asks('current password, new password, new password again')))
      .action((name: string, _opts: object, command: Command) => run(passwordSetRun, { name }, command));
  }
  if (named('password', 'reset')) {
    password
      .command('reset')
      .description("a member's forgotten password, vouched for by the admin's password")
      .addArgument(account('<name>', 'the member'))
      .addHelpText('after', after(`${asks("the admin's password, then the member's new password, new password again")}\nThe admin's own password cannot be reset: nobody can vouch for the admin.`))
      .action((name: string, _opts: object, command: Command) => run(passwordResetRun, { name }, command));
  }

  const plan = program.command('plan').description("change the household's plan");
  if (named('plan', 'set')) {
    plan
      .command('set')
      .description('set the plan; managed accounts need pass to be added, and stay when it goes back to free')
      .addArgument(new Argument('<plan>', 'free or pass').choices(PLANS))
      .action((value: Plan, _opts: object, command: Command) => run(planSetRun, { plan: value }, command));
  }

  program
    .command('timezone')
    .description("show or set the household's time zone, in which allowed hours are wall-clock times")
    .argument('[zone]', 'an IANA time zone, such as Europe/Berlin (default: show the current one)')
    .addHelpText('after', after("init records the machine's zone; a store without one uses the machine's zone until one is set. The TZ of a process never matters."))
    .action((zone: string | undefined, _opts: object, command: Command) => run(timezoneRun, { zone }, command));

  const hours = program.command('hours').description('allowed hours of managed accounts: grants, and the check PAM runs');
  if (named('hours', 'grant')) {
    hours
      .command('grant')
      .description('allow a managed account outside its hours until then (at most 24 hours ahead; replaces an earlier grant)')
      .addArgument(account('<name>', 'a managed account with hours'))
      .option('--for <duration>', 'for this long from now: 30m, 2h, 1h30m')
      .option('--until <time>', "until the next HH:MM in the household's time zone")
      .action((name: string, flags: { for?: string; until?: string }, command: Command) => run(hoursGrantRun, { name, for: flags.for, until: flags.until }, command));
  }
  if (named('hours', 'revoke')) {
    hours
      .command('revoke')
      .description("end a managed account's grant (nothing to do when it has none)")
      .addArgument(account('<name>', 'a managed account with hours'))
      .action((name: string, _opts: object, command: Command) => run(hoursRevokeRun, { name }, command));
  }
  if (named('hours', 'check')) {
    hours
      .command('check')
      .description('whether an account may be used now: exit 0 allowed, 77 outside its hours (for PAM\'s account phase)')
      .addArgument(account('[name]', 'the account (default: $PAM_USER, as pam_exec sets it)'))
      .addHelpText('after', after('Reads no secret. For PAM: an account line running it with pam_exec (no expose_authtok); the recipe is in the man page, under PAM: man household.'))
      .action((name: string | undefined, _opts: object, command: Command) => {
        const account = name ?? (environment.env.PAM_USER || undefined);
        if (account === undefined) throw new HouseholdError('USAGE', 'name the account (or run it from pam_exec, which sets PAM_USER)');
        return run(hoursCheckRun, { name: account, fromPam: name === undefined }, command);
      });
  }

  program
    .command('log')
    .description('the audit log: who changed what, when and from where, and every failed proof (newest last)')
    .addOption(completes('accounts', new Option('--account <name>', 'only lines about this account')))
    .option('--since <when>', 'only lines since an ISO date or time, or a duration back from now (90m, 2h, 7d)')
    // The default's description, or commander would show it as the string it is: (default: "50").
    .addOption(new Option('--limit <n>', 'at most this many lines, the newest').default('50', '50'))
    .addHelpText('after', after('On a terminal: a table (TIME in local time, ACTOR, COMMAND, ACCOUNT, OUTCOME). Piped: the same columns tab-separated, times in UTC. --json: an array of the log lines.'))
    .action((flags: { account?: string; since?: string; limit: string }, command: Command) => {
      if (!/^\d{1,9}$/.test(flags.limit)) throw new HouseholdError('USAGE', '--limit takes a whole number, 0 or more');
      return run(logRun, { account: flags.account, since: flags.since, limit: Number(flags.limit) }, command);
    });

  const config = program.command('config').description("the operator's default store, in $XDG_CONFIG_HOME/household/config.json");
  if (wanted('config')) {
    for (const action of ['get', 'set', 'unset'] as const) {
      const sub = config
        .command(action)
        .description(
          { get: 'print a preference', set: 'set a preference (the default store path)', unset: 'forget a preference' }[action],
        )
        .addArgument(new Argument('<key>', 'the preference: store').choices(['store']));
      if (action === 'set') sub.addArgument(completes('files', new Argument('<path>', 'the store file')));
      sub.action((key: string, ...rest: unknown[]) => {
        const command = rest[rest.length - 1] as Command;
        const value = action === 'set' ? (rest[0] as string) : undefined;
        return run(configRun, { action, key, value, cwd: environment.cwd }, command);
      });
    }
  }

  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish) on stdout')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText('after', after(COMPLETION_HELP))
    .action((shell: Shell, _opts: object, command: Command) => run(completionRun, { shell, script: () => completionScript(program, shell) }, command));

  return program;
}
