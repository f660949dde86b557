import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, Sandbox, runProgram, type Run } from './cli.js';

/**
 * `pin verify` behind a real PAM client, set up by the README's own recipe: the blocks of "A PAM service
 * that asks for a PIN" marked `<!-- pam-recipe:... -->` are read from README.md and run as they stand,
 * through bash, sudo and pamtester in a real pseudo-terminal, with two words changed so that the test
 * touches no real system file: the store path (/var/lib/household/household.json becomes a private
 * temporary one) and the service name (household-pin becomes a random one). What pamtester prints is
 * compared with what the README quotes. `household` is found as the recipe finds it, with
 * `command -v household`, from a folder on PATH holding a link to the built CLI (as an npm install
 * makes one). Needs root (to write /etc/pam.d), sudo and pamtester; skipped, saying why, where one is missing.
 */
function whyNot(): string | null {
  try {
    accessSync('/etc/pam.d', constants.W_OK);
  } catch {
    return '/etc/pam.d is not writable (run as root to test the PAM recipe)';
  }
  if (spawnSync('pamtester', ['--version']).error) return 'pamtester is not installed (apt-get install pamtester)';
  if (spawnSync('sudo', ['--version']).error) return 'sudo is not installed (apt-get install sudo)';
  if (spawnSync('script', ['--version']).error) return 'script (util-linux) is not installed';
  return null;
}
const skipReason = whyNot();
if (skipReason) console.log(`skipping the PAM tests: ${skipReason}`);
const describePam = skipReason ? describe.skip : describe;

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const RECIPE_STORE = '/var/lib/household/household.json';
const RECIPE_SERVICE = 'household-pin';
/** The recipe's key file: in the sandbox, so that the test makes nothing in the real /etc or /root. */
const RECIPE_KEY = '/etc/household/household.key';

/** The fenced block right after each `<!-- pam-recipe:KIND ARGS -->` marker, in README order. */
function recipeBlocks(): Array<{ kind: string; args: string[]; text: string }> {
  const marked = /<!-- pam-recipe:(\S+)((?: [^>]*?)?) -->\n```[a-z]*\n([\s\S]*?)\n```/g;
  return [...README.matchAll(marked)].map((match) => ({ kind: match[1], args: match[2].trim().split(/\s+/).filter(Boolean), text: match[3] }));
}

function only(kind: string): string {
  const blocks = recipeBlocks().filter((block) => block.kind === kind);
  expect(blocks).toHaveLength(1);
  return blocks[0].text;
}

const SERVICE = `household-test-${randomBytes(6).toString('hex')}`;
const SERVICE_FILE = `/etc/pam.d/${SERVICE}`;
const NO_PIN_SERVICE_FILE = `${SERVICE_FILE}-optional`;
let box: Sandbox;
/** A folder on PATH holding `household`, a link to the built CLI. */
let binFolder: string;

/** The README's text as this test runs it: its own store and service instead of the system's. */
function localised(text: string): string {
  return text.split(RECIPE_KEY).join(join(box.dir, 'etc-household', 'household.key')).split(RECIPE_STORE).join(box.store).split(`${RECIPE_SERVICE} `).join(`${SERVICE} `).split(`/${RECIPE_SERVICE}`).join(`/${SERVICE}`);
}

function recipeEnv(): Record<string, string> {
  return { PATH: `${binFolder}:${process.env.PATH}`, HOME: box.dir, TERM: 'xterm', LANG: 'C.UTF-8' };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\u001b[=>]/g;

/**
 * `script` in a real pseudo-terminal running `bash -c script`: `dialogue` is typed, each answer once its
 * prompt (the next one after the last answered) is on the screen. Resolves with the exit code and the
 * screen as a person reads it (line ends as LF, no colour codes, no trailing blanks).
 */
function onTerminal(script: string, dialogue: Array<[prompt: string, typed: string]> = []): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `bash -c '${script.replace(/'/g, `'\\''`)}'`, '/dev/null'], { env: recipeEnv() });
    let raw = '';
    let seenUpTo = 0;
    const screen = () => raw.replace(ANSI, '').replace(/\r/g, '');
    const typeWhenAsked = () => {
      const next = dialogue[0];
      if (!next) return;
      const at = screen().indexOf(next[0], seenUpTo);
      if (at < 0) return;
      seenUpTo = at + next[0].length;
      dialogue.shift();
      child.stdin.write(`${next[1]}\r`);
      typeWhenAsked();
    };
    const take = (chunk: Buffer) => {
      raw += chunk;
      typeWhenAsked();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => {
      if (dialogue.length > 0) reject(new Error(`never asked ${JSON.stringify(dialogue[0][0])}; the screen shows:\n${screen()}`));
      else resolve({ code, screen: screen().replace(/[ \t]+$/gm, '').trimEnd() });
    });
  });
}

/** `sudo pamtester SERVICE user authenticate` on a terminal, `typed` at its Password: prompt. */
function pamtesterOnTerminal(user: string, typed: string) {
  return onTerminal(`sudo pamtester ${SERVICE} ${user} authenticate`, [['Password:', typed]]);
}

/** pamtester with `typed` piped in, as a script would run it. */
function pamtester(user: string, typed: string, service = SERVICE): Promise<Run> {
  return runProgram('pamtester', [service, user, 'authenticate'], { env: process.env, input: typed });
}

function pinFailures(name: string): number {
  const stored = JSON.parse(readFileSync(box.store, 'utf8'));
  return stored.accounts.find((account: { name: string }) => account.name === name).failures.pin.count;
}

function lastLogLine(): { command: string; account: string | null; outcome: string; exit: number } {
  const lines = readFileSync(`${box.store}.log`, 'utf8').trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** A cooling-off's time left and clock time change from run to run; the rest of the line may not. */
const steady = (text: string) => text.replace(/try again in [^()]+\(at [0-9:]+\)/, 'try again in … (at …)');

describePam(`the README's PAM recipe, run as written, with sudo and pamtester${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(() => {
    box = new Sandbox();
    binFolder = mkdtempSync(join(tmpdir(), 'household-path-'));
    symlinkSync(BIN, join(binFolder, 'household'));
  });
  afterAll(() => {
    rmSync(SERVICE_FILE, { force: true });
    rmSync(NO_PIN_SERVICE_FILE, { force: true });
    rmSync(binFolder, { recursive: true, force: true });
    box?.cleanup();
  });

  test('1. the store: the setup commands, answered at their prompts, make a store only root can read', async () => {
    const setup = localised(only('setup'));
    const made = await onTerminal(setup, [
      ['Password for alice:', 'alice-password'],
      ['Password for alice again:', 'alice-password'],
      ['New PIN for alice (empty for none):', ''],
      ['New PIN for kid1:', '4829'],
      ['New PIN for kid1 again:', '4829'],
    ]);
    expect(made.code).toBe(0);
    expect(made.screen).toContain('added managed account kid1');
    expect(made.screen).toContain('set the PIN of kid1');
    const uid = process.getuid!();
    expect([statSync(box.store).mode & 0o777, statSync(box.store).uid]).toEqual([0o600, uid]);
    expect([statSync(dirname(box.store)).mode & 0o777, statSync(dirname(box.store)).uid]).toEqual([0o700, uid]);
  });

  test("sudo's secure_path is why the recipe names household by its full path: a bare `sudo household` is not found", async () => {
    const bare = await onTerminal('sudo household --version');
    expect(bare.code).not.toBe(0);
    expect(bare.screen).toContain('household: command not found');
  });

  test("2. the service file: the recipe's command writes it with household's absolute path, and no account name", async () => {
    // Run in the shell of step 1, as a person would: its variable (household=...) is still set.
    const shellState = only('setup').split('\n').filter((line) => /^\w+=/.test(line));
    expect(shellState).toEqual(['household=$(command -v household)']);
    const written = await onTerminal(localised([...shellState, only('service')].join('\n')));
    expect(written.code).toBe(0);
    const service = readFileSync(SERVICE_FILE, 'utf8');
    expect(service).toBe(
      `auth [success=ok default=die] pam_exec.so quiet stdout expose_authtok ${join(binFolder, 'household')} --store ${box.store} pin verify --stdin --require-pin\n` +
        `account required pam_exec.so quiet stdout ${join(binFolder, 'household')} --store ${box.store} hours check\n`,
    );
    expect(service).not.toContain('kid1');
  });

  test('3. try it: the printf line prints what the README quotes, and is logged as kid1', async () => {
    const [command, ...quoted] = only('try').split('\n');
    expect(command.startsWith('$ ')).toBe(true);
    const tried = await onTerminal(localised(command.slice(2)));
    expect(tried.code).toBe(0);
    expect(tried.screen).toBe(quoted.join('\n'));
    expect(lastLogLine()).toMatchObject({ command: 'pin verify', account: 'kid1', outcome: 'ok', exit: 0 });
  });

  test('3b. the account phase: authenticate acct_mgmt prints what the README quotes', async () => {
    const [command, ...quoted] = only('try-account').split('\n');
    expect(command).toBe('$ printf 4829 | sudo pamtester household-pin kid1 authenticate acct_mgmt');
    const tried = await onTerminal(localised(command.slice(2)));
    expect([tried.code, tried.screen]).toEqual([0, quoted.join('\n')]);
  });

  test("3c. outside the hours the account phase refuses (77 OUTSIDE_HOURS, logged); a grant or --no-hours lets it through", async () => {
    const [setHours, tryIt, ...quoted] = only('outside').split('\n');
    // The README's hours, moved so that now is outside them: a window that starts in two hours (Berlin time).
    const berlin = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
    const spec = `daily ${berlin(Date.now() + 2 * 3_600_000)}-${berlin(Date.now() + 3 * 3_600_000)}`;
    // Run in the shell of step 1, as a person would: its variable (household=...) is still set.
    const shellState = only('setup').split('\n').filter((line) => /^\w+=/.test(line));
    const set = await onTerminal([...shellState, localised(setHours.slice(2)).replace(/--hours "[^"]*"/, `--hours "${spec}"`)].join('\n'));
    expect(set.code).toBe(0);
    const refused = await onTerminal(localised(tryIt.slice(2)));
    const steadyTime = (text: string) => text.replace(/again at \d\d:\d\d on \w+day/, 'again at … on …');
    expect(refused.code).toBe(1);
    expect(steadyTime(refused.screen)).toBe(steadyTime(localised(quoted.join('\n'))));
    expect(lastLogLine()).toMatchObject({ command: 'hours check', account: 'kid1', outcome: 'OUTSIDE_HOURS', exit: 77 });
    // authenticate too: pin verify refuses before the PIN is read.
    const auth = await pamtester('kid1', '4829');
    expect(auth.code).not.toBe(0);
    expect(auth.stdout).toMatch(/^household: kid1 may use the account again at/);
    expect(spawnSync('household', ['--store', box.store, 'hours', 'grant', 'kid1', '--for', '30m'], { env: recipeEnv() }).status).toBe(0);
    expect((await onTerminal(localised(tryIt.slice(2)))).code).toBe(0);
    expect(spawnSync('household', ['--store', box.store, 'users', 'set', 'kid1', '--no-hours'], { env: recipeEnv() }).status).toBe(0);
    expect((await onTerminal(localised(tryIt.slice(2)))).screen).toBe('kid1 may use the account now\npamtester: account management done.');
  });

  test('what a person sees: each quoted pamtester session, typed on a terminal, shows just that', async () => {
    const sessions = recipeBlocks().filter((block) => block.kind === 'sees');
    expect(sessions.map((block) => block.args.slice(0, 2))).toEqual([
      ['kid1', '4829'],
      ['kid1', '2857'],
      ['kid9', '2857'],
      ['kid1', '4829'],
    ]);
    for (const { args, text } of sessions) {
      const [user, typed, after, wrongs] = args;
      if (after === 'after') {
        for (let i = 0; i < Number(wrongs); i += 1) expect((await pamtester(user, '5038')).stdout).toBe(`household: wrong PIN for ${user}\n`);
      }
      const session = await pamtesterOnTerminal(user, typed);
      expect(steady(session.screen)).toBe(steady(localised(text)));
      expect(session.code).toBe(text.endsWith('successfully authenticated') ? 0 : 1);
    }
    // The right PIN during the cooling-off was not checked: the count stayed at 5.
    expect(pinFailures('kid1')).toBe(5);
    expect(lastLogLine()).toMatchObject({ command: 'pin verify', account: 'kid1', outcome: 'COOLING_OFF', exit: 75 });
    expect(spawnSync('household', ['--store', box.store, 'users', 'unlock', 'kid1', '--pin'], { env: recipeEnv() }).status).toBe(0);
  });

  test('the unknown account (kid9) was logged as a wrong PIN with no account, and its name nowhere in the log', () => {
    const lines = readFileSync(`${box.store}.log`, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text));
    // (The setup's `timezone` line is a change of the household, with no account either.)
    expect(lines.filter((line) => line.account === null && line.command !== 'timezone').map(({ outcome, exit, details }) => ({ outcome, exit, details }))).toEqual([
      { outcome: 'WRONG_PIN', exit: 77, details: { noSuchAccount: true } },
    ]);
    expect(JSON.stringify(lines)).not.toContain('kid9');
  });

  test('--require-pin: an account without a PIN gets the wrong-PIN answer with it, and passes without it, as the README says', async () => {
    expect(spawnSync('household', ['--store', box.store, 'users', 'add', 'kid2', '--managed'], { env: recipeEnv() }).status).toBe(0);
    expect((await pamtester('kid2', 'anything')).stdout).toBe('household: the PIN must be exactly 4 digits (0-9)\n');
    expect(lastLogLine()).toMatchObject({ account: 'kid2', outcome: 'INVALID_PIN', exit: 65 });
    expect((await pamtester('kid2', '4829')).stdout).toBe('household: wrong PIN for kid2\n');
    expect(lastLogLine()).toMatchObject({ account: 'kid2', outcome: 'NO_PIN', exit: 77 });
    expect(README.replace(/\s+/g, ' ')).toContain(
      'With it, the same try is refused as it would be for any account: `household: the PIN must be exactly 4 digits (0-9)`, and four digits get `household: wrong PIN for kid2`',
    );
    // The README's service line without --require-pin, and the session it quotes for it.
    writeFileSync(NO_PIN_SERVICE_FILE, readFileSync(SERVICE_FILE, 'utf8').replace(' --require-pin', ''), { mode: 0o644 });
    const quoted = /Tested\s+without it, for kid2 who has no PIN, typing `anything`:\n {2}```\n([\s\S]*?)\n {2}```/.exec(README)![1].replace(/^ {2}/gm, '');
    const session = await onTerminal(`sudo pamtester ${SERVICE}-optional kid2 authenticate`, [['Password:', 'anything']]);
    expect([session.code, session.screen]).toEqual([0, quoted]);
  });

  test("an empty answer (pam_exec then writes nothing): 65, the person is told the PIN's form, not counted, logged", async () => {
    const before = pinFailures('kid1');
    const empty = await pamtester('kid1', '\n');
    expect(empty.code).not.toBe(0);
    expect(empty.stdout).toBe('household: the PIN must be exactly 4 digits (0-9)\n');
    expect(pinFailures('kid1')).toBe(before);
    expect(lastLogLine()).toMatchObject({ command: 'pin verify', account: 'kid1', outcome: 'INVALID_PIN', exit: 65 });
  });

  test('PAM_USER up to case: KID1 logs in as kid1; fullwidth ｋｉｄ１ is another user and does not', async () => {
    expect(await pamtester('KID1', '4829')).toMatchObject({ code: 0, stdout: "kid1's PIN is right\npamtester: successfully authenticated\n" });
    expect(lastLogLine()).toMatchObject({ account: 'kid1', outcome: 'ok' });
    const variant = await pamtester('ｋｉｄ１', '4829');
    expect(variant.code).not.toBe(0);
    expect(variant.stdout).toBe('household: wrong PIN for ｋｉｄ１\n');
    expect(lastLogLine()).toMatchObject({ account: null, outcome: 'WRONG_PIN', exit: 77 });
  });

  test('a store that others may read is refused, and the person is told the chmod that fixes it', async () => {
    chmodSync(box.store, 0o644);
    try {
      const result = await pamtester('kid1', '4829');
      expect(result.code).not.toBe(0);
      expect(result.stdout).toContain(`chmod 600 ${box.store}`);
    } finally {
      chmodSync(box.store, 0o600);
    }
    expect((await pamtester('kid1', '4829')).code).toBe(0);
  });
});
