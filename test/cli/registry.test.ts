import { parseHoursSpec } from '../../src/domain/hours.js';
import { buildProgram, type Handler } from '../../src/cli/program.js';
import { commandNamed } from '../../src/cli/command-line.js';
import { COMMANDS, GROUPS } from '../../src/commands/registry.js';
import { outcomeOf } from '../../src/cli/errors.js';
import { mayPrompt } from '../../src/main.js';
import { Capture, testContext, testKey } from '../fakes/context.js';
import '../fakes/every-command.js';
import { household } from '../fakes/households.js';

/**
 * The list of commands (src/commands/registry.ts) says which may ask for a secret, and src/main.ts
 * turns the terminal's echo off before anything loads for those alone: a prompting command declared
 * as not prompting would show the keys typed ahead of its first prompt. So every command of the list
 * has sample command lines here, each parsed by the real parser and run by its handler with fakes: a
 * command declared not to prompt asks nothing in any of them (and completes), one declared to prompt
 * asks in at least one.
 */
/**
 * `kidHours`: kid1 has allowed hours in the sample's household (grants are for such accounts only).
 * `keyed`: the sample's household names a key file, which holds one key (rotate and prune need one).
 */
type Sample = { args: string[]; noStore?: true; kidHours?: true; keyed?: true };
const SAMPLES: Record<string, Sample[]> = {
  init: [{ args: ['init', '--admin', 'Carol'], noStore: true }],
  'users list': [{ args: ['users', 'list'] }],
  'users show': [{ args: ['users', 'show', 'alice'] }, { args: ['users', 'show', 'kid1'] }],
  'users add': [{ args: ['users', 'add', 'kid3', '--managed'] }, { args: ['users', 'add', 'carol', '--member'] }],
  'users set': [{ args: ['users', 'set', 'bob', '--email', 'bob@example.org'] }, { args: ['users', 'set', 'kid1', '--restriction', 'teen', '--rename', 'kid9'] }],
  'users unlock': [{ args: ['users', 'unlock', 'kid1'] }, { args: ['users', 'unlock', 'alice', '--pin'] }],
  'users remove': [{ args: ['users', 'remove', 'kid2'] }, { args: ['users', 'remove', 'bob'] }],
  'pin set': [{ args: ['pin', 'set', 'kid2'] }, { args: ['--store', 'users', 'pin', 'set', 'alice'] }],
  'pin remove': [{ args: ['pin', 'remove', 'kid1'] }, { args: ['pin', 'remove', 'alice'] }],
  'pin reset': [{ args: ['pin', 'reset', 'bob'] }],
  'pin verify': [{ args: ['pin', 'verify', 'kid1'] }],
  'password set': [{ args: ['password', 'set', 'bob'] }],
  'password reset': [{ args: ['password', 'reset', 'bob'] }],
  'plan set': [{ args: ['plan', 'set', 'free'] }],
  'recovery codes': [{ args: ['recovery', 'codes'] }],
  'recovery status': [{ args: ['recovery', 'status'] }],
  timezone: [{ args: ['timezone'] }, { args: ['timezone', 'Europe/Berlin'] }],
  'hours grant': [{ args: ['hours', 'grant', 'kid1', '--for', '1h'], kidHours: true }],
  'hours revoke': [{ args: ['hours', 'revoke', 'kid1'], kidHours: true }],
  'hours check': [{ args: ['hours', 'check', 'kid1'] }],
  log: [{ args: ['log'] }, { args: ['log', '--account', 'alice', '--limit', '5'] }],
  'key init': [{ args: ['key', 'init'] }, { args: ['key', 'init', '--key', 'h.key'] }],
  'key status': [{ args: ['key', 'status'] }, { args: ['key', 'status'], keyed: true }],
  'key rotate': [{ args: ['key', 'rotate'], keyed: true }],
  'key prune': [{ args: ['key', 'prune'], keyed: true }],
  'config get': [{ args: ['config', 'get', 'store'] }],
  'config set': [{ args: ['config', 'set', 'store', 'h.json'] }],
  'config unset': [{ args: ['config', 'unset', 'store'] }],
  completion: [{ args: ['completion', 'bash'] }, { args: ['completion', 'fish'] }],
};

/** The sample parsed as the CLI parses it, then run by the handler it reached, with a prompter that answers nothing. */
async function runSample(sample: Sample) {
  const calls: Array<{ handler: Handler<unknown>; opts: unknown }> = [];
  const program = await buildProgram(
    async (handler, opts) => {
      calls.push({ handler: handler as Handler<unknown>, opts });
    },
    { stdout: new Capture(), stderr: new Capture(), cwd: '/home/op', env: {} },
    sample.args,
  );
  await program.parseAsync(['node', 'household', ...sample.args]);
  expect(calls).toHaveLength(1);
  const start = sample.noStore ? undefined : household({ alice: '2580', kid1: '4829' });
  if (start && sample.kidHours) start.accounts.find((account) => account.name === 'kid1')!.hours = parseHoursSpec('daily 00:00-24:00');
  if (start && sample.keyed) start.keyFile = '/home/op/h.key';
  const ctx = testContext({ household: start });
  if (sample.keyed) ctx.keys.files.set('/home/op/h.key', [testKey(9)]);
  let failure: unknown;
  try {
    await calls[0].handler(ctx, calls[0].opts);
  } catch (error) {
    failure = error;
  }
  return { handler: calls[0].handler, asked: ctx.prompter.asked, failure };
}

describe('the list of commands', () => {
  test('every command has sample command lines here, and every sample names a command of the list', () => {
    const paths = COMMANDS.map((entry) => entry.path.join(' '));
    expect(Object.keys(SAMPLES).sort()).toEqual([...paths].sort());
    for (const path of paths) expect(SAMPLES[path].length).toBeGreaterThan(0);
  });

  test('every group of the list has a description, and every description a command', () => {
    const groups = new Set(COMMANDS.filter((entry) => entry.path.length > 1).map((entry) => entry.path[0]));
    expect(Object.keys(GROUPS).sort()).toEqual([...groups].sort());
  });

  test.each(COMMANDS.map((entry) => [entry.path.join(' '), entry] as const))('%s asks for a secret exactly when the list says it may', async (path, entry) => {
    const { command } = await entry.load();
    let askedInSome = false;
    for (const sample of SAMPLES[path] ?? []) {
      // The list, read from argv alone before anything loads, names this command for the sample ...
      expect(commandNamed(sample.args).entry).toBe(entry);
      expect(mayPrompt(sample.args)).toBe(entry.prompts);
      // ... and the parser runs this command's handler.
      const { handler, asked, failure } = await runSample(sample);
      expect(handler).toBe(command.run);
      if (!entry.prompts) expect([asked, failure]).toEqual([[], undefined]);
      if (asked.length > 0) askedInSome = true;
    }
    expect(askedInSome).toBe(entry.prompts);
  });
});

/** A command line as the parser maps it for the handler, or the usage error it is refused with. */
async function parsed(args: string[], env: Record<string, string> = {}) {
  const calls: unknown[] = [];
  const program = await buildProgram(
    async (_handler, opts) => {
      calls.push(opts);
    },
    { stdout: new Capture(), stderr: new Capture(), cwd: '/home/op', env },
    args,
  );
  try {
    await program.parseAsync(['node', 'household', ...args]);
    return { opts: calls[0] };
  } catch (error) {
    const { exitCode, failure } = outcomeOf(error);
    return { exitCode, message: failure?.message, calls: calls.length };
  }
}

describe("the descriptions' mapping of command lines to handler options", () => {
  test('init and key init: --key PATH is made absolute from the folder the command runs in; an empty one is usage', async () => {
    expect(await parsed(['init', '--admin', 'Carol', '--key', 'keys/h.key'])).toEqual({ opts: { admin: 'Carol', email: undefined, plan: 'free', key: '/home/op/keys/h.key' } });
    expect(await parsed(['init', '--admin', 'Carol'])).toEqual({ opts: { admin: 'Carol', email: undefined, plan: 'free', key: undefined } });
    expect(await parsed(['key', 'init', '--key', '/etc/household/h.key'])).toEqual({ opts: { key: '/etc/household/h.key' } });
    expect(await parsed(['key', 'init'])).toEqual({ opts: { key: undefined } });
    for (const args of [['init', '--admin', 'Carol', '--key', ''], ['key', 'init', '--key', '']])
      expect(await parsed(args)).toEqual({ exitCode: 64, message: '--key needs a path', calls: 0 });
  });

  test('log: --limit is 50 unless given, a whole number', async () => {
    expect(await parsed(['log'])).toEqual({ opts: { account: undefined, since: undefined, limit: 50 } });
    expect(await parsed(['log', '--limit', '0', '--account', 'kid1', '--since', '2h'])).toEqual({ opts: { account: 'kid1', since: '2h', limit: 0 } });
    for (const limit of ['x', '-1', '1.5', '1234567890', ''])
      expect(await parsed(['log', '--limit', limit])).toEqual({ exitCode: 64, message: '--limit takes a whole number, 0 or more', calls: 0 });
  });

  test('pin verify: NAME, else $PAM_USER, else usage', async () => {
    expect(await parsed(['pin', 'verify', 'kid1'], { PAM_USER: 'bob' })).toEqual({ opts: { name: 'kid1', fromPam: false, requirePin: false } });
    expect(await parsed(['pin', 'verify', '--require-pin'], { PAM_USER: 'bob' })).toEqual({ opts: { name: 'bob', fromPam: true, requirePin: true } });
    for (const env of [{}, { PAM_USER: '' }] as Array<Record<string, string>>)
      expect(await parsed(['pin', 'verify'], env)).toEqual({ exitCode: 64, message: 'name the account (or run it from pam_exec, which sets PAM_USER)', calls: 0 });
  });

  test('users set: --no-email removes the address, and either one alone is taken', async () => {
    expect(await parsed(['users', 'set', 'bob', '--no-email'])).toEqual({ opts: { name: 'bob', rename: undefined, restriction: undefined, email: null } });
    expect(await parsed(['users', 'set', 'bob', '--email', 'b@example.org'])).toEqual({ opts: { name: 'bob', rename: undefined, restriction: undefined, email: 'b@example.org' } });
    expect(await parsed(['users', 'set', 'bob', '--no-email', '--email', 'b@example.org'])).toEqual({ exitCode: 64, message: 'choose one of --email ADDR and --no-email, not both', calls: 0 });
  });

  test('users add: a member, or a managed account with its restriction', async () => {
    expect(await parsed(['users', 'add', 'carol', '--member'])).toEqual({ opts: { name: 'carol', kind: 'member' } });
    expect(await parsed(['users', 'add', 'kid3', '--managed', '--restriction', 'teen'])).toEqual({ opts: { name: 'kid3', kind: 'managed', restriction: 'teen' } });
  });

  test('config: the action from the command, paths from the working folder', async () => {
    expect(await parsed(['config', 'get', 'store'])).toEqual({ opts: { action: 'get', key: 'store', value: undefined, cwd: '/home/op' } });
    expect(await parsed(['config', 'unset', 'store'])).toEqual({ opts: { action: 'unset', key: 'store', value: undefined, cwd: '/home/op' } });
  });
});

describe('what a command line builds: only its own command, read from argv as commander reads it', () => {
  /** What the command line prints on stdout, built for it alone as src/main.ts builds it. */
  async function shown(args: string[]) {
    const stdout = new Capture();
    const calls: unknown[] = [];
    const program = await buildProgram(
      async (_handler, opts) => {
        calls.push(opts);
      },
      { stdout, stderr: new Capture(), cwd: '/', env: {} },
      args,
    );
    await program.parseAsync(['node', 'household', ...args]).catch(() => {});
    return { text: stdout.text, opts: calls[0] };
  }

  test('an option commander does not know before the command: the words after it are no command, and help lists every command', async () => {
    expect(commandNamed(['--help', 'users'])).toEqual({ path: [] });
    const { text } = await shown(['--help', 'users']);
    expect(text).toContain('Usage: household [options] [command]');
    for (const term of ['init [options]', 'users', 'log [options]', 'completion <shell>']) expect(text).toContain(`  ${term}`);
  });

  test("commander's help word names the command whose help it shows, which runs nothing and asks nothing", async () => {
    expect(commandNamed(['help', 'pin', 'set'])).toEqual({ path: ['pin'] });
    expect(commandNamed(['help', 'init'])).toEqual({ path: ['init'] });
    expect(mayPrompt(['help', 'init'])).toBe(false);
    const { text } = await shown(['help', 'pin', 'set']);
    for (const name of ['set', 'remove', 'reset', 'verify']) expect(text).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  test('--store=PATH is one word; --store PATH two', async () => {
    expect(commandNamed(['--store=pin', 'pin', 'set', 'kid1']).path).toEqual(['pin', 'set']);
    expect(commandNamed(['--store', 'pin', 'users', 'add', 'x']).path).toEqual(['users', 'add']);
    expect(mayPrompt(['--store=/srv/h.json', 'password', 'set', 'bob'])).toBe(true);
  });

  test('completion builds the whole tree its script is made from', async () => {
    const { opts } = await shown(['completion', 'bash']);
    const script = (opts as { script: () => string }).script();
    for (const name of ['verify', 'unlock', 'unset', 'reset']) expect(script).toContain(name);
  });
});
