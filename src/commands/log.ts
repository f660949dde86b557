import type { Actor, AuditEntry } from '../domain/audit.js';
import { filterEntries, isAbout, parseSince } from '../domain/audit.js';
import { findAccount } from '../domain/accounts.js';
import { HouseholdError } from '../domain/errors.js';
import { localDateTime } from '../domain/time.js';
import type { Context } from './context.js';
import type { CommandSpec } from './spec.js';

export interface LogOptions {
  account?: string;
  since?: string;
  limit: number;
}

export const LOG_HEADERS = ['TIME', 'ACTOR', 'COMMAND', 'ACCOUNT', 'OUTCOME'];
/** The columns of LOG_HEADERS that wrap when the table is wider than the terminal: ACTOR and ACCOUNT. */
const WRAPPABLE = [1, 3];

function describeActor(actor: Actor): string {
  return `${actor.user}${actor.sudoUser ? ` (sudo ${actor.sudoUser})` : ''}${actor.from ? ` from ${actor.from}` : ''}`;
}

/** The account a line is about; a `pin remove` of several names the accounts whose PIN it removed. */
function describeAccount(entry: AuditEntry): string {
  if (entry.account !== null) return entry.account;
  const { removed } = entry.details;
  const names = Array.isArray(removed) ? removed.filter((name): name is string => typeof name === 'string') : [];
  return names.length > 0 ? names.join(', ') : '-';
}

function row(entry: AuditEntry, time: string): string[] {
  return [time, describeActor(entry.actor), entry.command, describeAccount(entry), entry.outcome];
}

/** The audit log, newest last: a table in local time on a terminal, tab-separated (UTC) when piped, an array with --json. */
export async function logRun(ctx: Context, opts: LogOptions): Promise<void> {
  const since = opts.since === undefined ? undefined : parseSince(opts.since, ctx.clock.now());
  const { entries, warnings } = await ctx.store.readLog();
  for (const warning of warnings) await ctx.io.warn(warning);
  // A name that is no account and no line's (a typo) would show a bare header and exit 0, as if nothing
  // had happened to an account that exists. A removed or renamed account is still found by its lines.
  if (opts.account !== undefined && !findAccount(await ctx.store.read(), opts.account) && !entries.some((entry) => isAbout(entry, opts.account!))) {
    throw new HouseholdError('NO_ACCOUNT', `no account named ${opts.account}, and no line of the log names one`, (household) => `${household} users list shows every account`);
  }
  const shown = filterEntries(entries, { account: opts.account, since, limit: opts.limit });
  await ctx.io.table(
    LOG_HEADERS,
    shown.map((entry) => row(entry, localDateTime(Date.parse(entry.time)))),
    shown,
    shown.map((entry) => row(entry, entry.time)),
    WRAPPABLE,
  );
}

export const command: CommandSpec<LogOptions, [], { account?: string; since?: string; limit: string }> = {
  description: 'the audit log: who changed what, when and from where, and every failed proof (newest last)',
  options: [
    { flags: '--account <name>', description: 'only lines about this account', completes: 'accounts' },
    { flags: '--since <when>', description: 'only lines since an ISO date or time, or a duration back from now (90m, 2h, 7d)' },
    // The default's description, or commander would show it as the string it is: (default: "50").
    { flags: '--limit <n>', description: 'at most this many lines, the newest', default: '50', defaultDescription: '50' },
  ],
  help: 'On a terminal: a table (TIME in local time, ACTOR, COMMAND, ACCOUNT, OUTCOME). Piped: the same columns tab-separated, times in UTC. --json: an array of the log lines.',
  parse: ({ flags }) => {
    if (!/^\d{1,9}$/.test(flags.limit)) throw new HouseholdError('USAGE', '--limit takes a whole number, 0 or more');
    return { account: flags.account, since: flags.since, limit: Number(flags.limit) };
  },
  run: logRun,
};
