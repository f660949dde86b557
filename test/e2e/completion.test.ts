import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { account } from '../fakes/households.js';
import { BIN, binAnyUserCanRun, Sandbox, run, runProgram, type Run } from './cli.js';

/**
 * The completion scripts, in the real shells: a script is sourced and asked what it offers after the
 * words typed so far. `household` on the PATH is the built CLI, which the scripts run for account names.
 */
function installed(shell: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
  // eslint-disable-next-line no-console
  if (!found) console.log(`${shell} is not installed: its completion tests are skipped (.ci/run installs it)`);
  return found;
}
const hasZsh = installed('zsh');
const hasFish = installed('fish');
const hasTmux = installed('tmux');

function shell(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return runProgram(command, args, { cwd, env: { PATH: process.env.PATH, ...env, TERM: 'dumb' } });
}

/** bash's part in programmable completion: the words as COMP_WORDS holds them, the last one under the cursor. */
const BASH_HARNESS = `complete_words() {
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=\${#COMP_LINE}; COMPREPLY=()
  local spec fn; spec=$(complete -p "$1") || return 1
  fn=\${spec##*-F }; fn=\${fn%% *}
  "$fn" "$1" "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\\n' "\${COMPREPLY[@]}"
}`;

let box: Sandbox;
/** A second household, the one $HOUSEHOLD_STORE names: its names must not show when --store names the first. */
let other: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  box = new Sandbox();
  other = new Sandbox();
  await box.init();
  for (const name of ['Ana Maria', 'andrew', 'bob']) expect((await box.run(['users', 'add', name, '--managed'])).code).toBe(0);
  expect((await other.run(['init', '--admin', 'albert', '--stdin'], { input: 'albert-password\nalbert-password\n\n' })).code).toBe(0);
  const bin = join(box.dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'household'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(bin, 'household'), 0o755);
  env = { ...box.env, PATH: `${bin}:${process.env.PATH}`, HOUSEHOLD_STORE: other.store };
  for (const name of ['bash', 'zsh', 'fish']) {
    const script = await run(['completion', name]);
    expect(script).toMatchObject({ code: 0, stderr: '' });
    writeFileSync(join(box.dir, `household.${name}`), script.stdout);
  }
  writeFileSync(join(box.dir, 'harness.bash'), BASH_HARNESS);
});
afterAll(() => {
  box.cleanup();
  other.cleanup();
});

async function bashComplete(...words: string[]): Promise<string[]> {
  return bashCompleteIn(env, ...words);
}

async function bashCompleteIn(inEnv: Record<string, string>, ...words: string[]): Promise<string[]> {
  const result = await shell('bash', ['--norc', '--noprofile', '-c', 'source ./household.bash && source ./harness.bash && complete_words "$@"', 'bash', ...words], inEnv, box.dir);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return result.stdout.split('\n').filter((line) => line !== '');
}

describe('household completion', () => {
  test('completion --help says how to install each script', async () => {
    const help = (await run(['completion', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('source <(household completion bash)');
    expect(help).toContain('household completion bash | sudo tee /etc/bash_completion.d/household > /dev/null');
    expect(help).toContain('household completion zsh | sudo tee /usr/local/share/zsh/site-functions/_household > /dev/null');
    expect(help).toContain('mkdir -p ~/.config/fish/completions && household completion fish > ~/.config/fish/completions/household.fish');
  });

  test('an unknown shell is usage (64)', async () => {
    const result = await run(['completion', 'tcsh']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('Allowed choices are bash, zsh, fish.');
  });

  test('only household completion reads the generator: users list never loads dist/completion.cjs', async () => {
    const hook = join(box.dir, 'watch-require.cjs');
    writeFileSync(hook, `const Module = require('node:module'); const load = Module._load;
Module._load = function (request, ...rest) { if (String(request).endsWith('completion.cjs')) process.stderr.write('LOADED completion.cjs\\n'); return load.call(this, request, ...rest); };`);
    const watched = { ...box.env, NODE_OPTIONS: `--require=${hook}` };
    expect((await box.run(['users', 'list'], { env: watched })).stderr).toBe('');
    expect((await box.run(['--help'], { env: watched })).stderr).toBe('');
    expect((await box.run(['completion', 'bash'], { env: watched })).stderr).toBe('LOADED completion.cjs\n');
  });
});

describe('bash', () => {
  test('household pin <TAB>: exactly the pin subcommands', async () => {
    expect(await bashComplete('household', 'pin', '')).toEqual(['set', 'remove', 'reset', 'verify']);
  });

  test('household <TAB>: the commands, and options only once a dash is typed', async () => {
    expect(await bashComplete('household', '')).toEqual(['init', 'users', 'pin', 'password', 'recovery', 'plan', 'timezone', 'hours', 'log', 'key', 'config', 'completion']);
    expect(await bashComplete('household', 'pin', 'remove', '--')).toEqual(['--version', '--store', '--json', '--stdin', '--no-input', '--no-color', '--help', '--all-managed']);
  });

  test('household pin set <TAB>: the account names, a name with a space as one word', async () => {
    expect(await bashComplete('household', '--store', box.store, 'pin', 'set', '')).toEqual(['alice', 'Ana\\ Maria', 'andrew', 'bob']);
    expect(await bashComplete('household', '--store', box.store, 'pin', 'set', 'An')).toEqual(['Ana\\ Maria']);
  });

  test('users add x --restriction <TAB>: the four profiles, also after --restriction=', async () => {
    expect(await bashComplete('household', 'users', 'add', 'x', '--restriction', '')).toEqual(['none', 'younger-kid', 'older-kid', 'teen']);
    // bash splits --restriction=t at the =.
    expect(await bashComplete('household', 'users', 'add', 'x', '--restriction', '=', 't')).toEqual(['teen']);
  });

  test('the choices of plan set and completion', async () => {
    expect(await bashComplete('household', 'plan', 'set', '')).toEqual(['free', 'pass']);
    expect(await bashComplete('household', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  test('--store PATH on the command line names the store the names come from', async () => {
    expect(await bashComplete('household', '--store', box.store, 'pin', 'reset', 'a')).toEqual(['alice', 'andrew']);
    expect(await bashComplete('household', '--store', `'${box.store}'`, 'pin', 'reset', 'a')).toEqual(['alice', 'andrew']);
    expect(await bashComplete('household', 'pin', 'reset', 'a')).toEqual(['albert']);
    expect(await bashComplete('household', 'log', '--store', '=', box.store, '--account', 'b')).toEqual(['bob']);
  });

  test('without --store, the names come from the store household itself would use: $HOUSEHOLD_STORE, else the preference', async () => {
    const { HOUSEHOLD_STORE: _, ...withoutVariable } = env;
    const configured = { ...withoutVariable, XDG_CONFIG_HOME: join(box.dir, 'preference') };
    expect((await run(['config', 'set', 'store', box.store], { env: configured })).code).toBe(0);
    expect(await bashCompleteIn(configured, 'household', 'pin', 'reset', 'a')).toEqual(['alice', 'andrew']);
    expect(await bashCompleteIn({ ...configured, HOUSEHOLD_STORE: other.store }, 'household', 'pin', 'reset', 'a')).toEqual(['albert']);
  });

  test('typed words are never evaluated, and a store that is not there offers nothing', async () => {
    expect(await bashComplete('household', '--store', '$(touch evaluated)', 'pin', 'set', '')).toEqual([]);
    expect(await bashComplete('household', '--store', '`touch evaluated`', 'pin', 'set', '')).toEqual([]);
    expect(existsSync(join(box.dir, 'evaluated'))).toBe(false);
  });
});

(hasZsh ? describe : describe.skip)('zsh', () => {
  test('the script parses (zsh -n) and loads under compinit without a word on stderr', async () => {
    expect(await shell('zsh', ['-n', 'household.zsh'], env, box.dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    const loaded = await shell('zsh', ['-f', '-c', 'autoload -U compinit; compinit -u -D; source ./household.zsh; print -r -- $_comps[household]'], env, box.dir);
    expect(loaded).toEqual({ code: 0, stdout: '_household\n', stderr: '' });
  });

  test('in an interactive zsh, TAB after household pin set An gives Ana Maria as one word', async () => {
    // zpty drives a real zsh line editor; the typed-ahead printf shows the words the line then holds.
    const driver = `zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1="> "; fpath=(${box.dir}/fpath $fpath); autoload -U compinit; compinit -u -D'
zpty -w -n z $'household --store ${box.store} pin set An\\t'
zpty -w z $'\\C-aprintf "<%s>" RESULT: \\C-e; echo; exit'
out=''
for i in {1..100}; do
  zpty -r -t z chunk && out+=$chunk
  [[ $out == *'<RESULT:>'*$'\n'* ]] && break
  sleep 0.1
done
print -r -- "$out" | tr -d '\\r' | grep -a '^<RESULT:>'`;
    mkdirSync(join(box.dir, 'fpath'), { recursive: true });
    writeFileSync(join(box.dir, 'fpath', '_household'), readFileSync(join(box.dir, 'household.zsh')));
    const result = await shell('zsh', ['-f', '-c', driver], env, box.dir);
    expect(result.stdout).toBe(`<RESULT:><household><--store><${box.store}><pin><set><Ana Maria>\n`);
  });
});

(hasFish ? describe : describe.skip)('fish', () => {
  test('the script parses (fish --no-execute)', async () => {
    expect(await shell('fish', ['--no-execute', 'household.fish'], env, box.dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('complete -C"household pin set " lists the names of the store, with nothing on stderr', async () => {
    const result = await shell('fish', ['--no-config', '-c', `source household.fish; complete -C"household --store ${box.store} pin set "`], env, box.dir);
    expect(result).toEqual({ code: 0, stdout: 'alice\nAna Maria\nandrew\nbob\n', stderr: '' });
  });

  test('complete -C: subcommands with their descriptions, and the restriction profiles', async () => {
    const pin = await shell('fish', ['--no-config', '-c', 'source household.fish; complete -C"household pin "'], env, box.dir);
    expect(pin.stdout.split('\n').map((line) => line.split('\t')[0])).toEqual(['remove', 'reset', 'set', 'verify', '']);
    expect(pin.stdout).toContain('set\tset or change the PIN of an account');
    const profiles = await shell('fish', ['--no-config', '-c', 'source household.fish; complete -C"household users add x --restriction "'], env, box.dir);
    expect(profiles).toEqual({ code: 0, stdout: 'none\nolder-kid\nteen\nyounger-kid\n', stderr: '' });
  });
});

/**
 * Interactive shells in tmux: a real pseudo-terminal and each shell's own line editor, keys typed as a
 * person types them. Everything waits on files the typed lines write, never on time.
 */
class Tmux {
  private readonly socket: string;

  constructor(dir: string) {
    this.socket = join(dir, 'tmux.sock');
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** A shell in a session of its own, with exactly the environment given. */
  start(session: string, env: Record<string, string>, command: string[]): void {
    this.tmux('new-session', '-d', '-s', session, '-x', '250', '-y', '50', 'env', '-i', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), ...command);
  }

  type(session: string, text: string): void {
    this.tmux('send-keys', '-t', session, '-l', text);
  }

  keys(session: string, ...keys: string[]): void {
    this.tmux('send-keys', '-t', session, ...keys);
  }

  screen(session: string): string {
    return this.tmux('capture-pane', '-p', '-t', session);
  }

  /** Waits for a file a typed line writes: its content, or undefined when it is not there in time. */
  async file(path: string, timeoutMs = 30_000): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(path)) {
      if (Date.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return readFileSync(path, 'utf8');
  }

  close(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
  }
}

/**
 * Account names that are shell syntax. Each begins with a letter of its own, so that letter, typed bare,
 * after " or after ', completes it alone; the last ones end with a character that could leave a quote open.
 */
const HOSTILE = ['e`touch PWNED2`', 'g$(touch PWNED1)', 'd"q', "s'q", 'b\\s', 'x!y', 'p q', 't*', 'h"', "i'", 'j\\', 'k!', 'c\'"\\!* $`touch PWNED3`'];

/** A file name that is shell syntax too, for --store: each shell quotes file names itself. */
const FILE = 'f$(touch PWNED6)`touch PWNED7`';

interface Typed {
  /** The line as typed before TAB. */
  line: string;
  /** Keys pressed before TAB. */
  keys?: string[];
  /** Typed after TAB: a closing quote where nothing is to be offered. */
  after?: string;
  /** The last word the line then runs with. */
  expected: string;
}

(hasTmux ? describe : describe.skip)('names that are shell syntax, completed in interactive shells', () => {
  let hostile: Sandbox;
  let tmux: Tmux;
  let cwd: string;
  /** A store with a name that holds a line end: it cannot be read, so nothing is offered from it. */
  let newline: string;

  beforeAll(async () => {
    hostile = new Sandbox();
    await hostile.init();
    // Written into the store as they are: whether users add takes such names is another rule's business.
    const stored = JSON.parse(readFileSync(hostile.store, 'utf8'));
    stored.accounts.push(...[...HOSTILE, '$uv'].map((name) => account(name, 'managed')));
    writeFileSync(hostile.store, JSON.stringify(stored, null, 2), { mode: 0o600 });
    const listed = await hostile.run(['users', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((one: { name: string }) => one.name)).toEqual(expect.arrayContaining(HOSTILE));
    newline = join(hostile.dir, 'newline', 'household.json');
    mkdirSync(join(hostile.dir, 'newline'), { mode: 0o700 });
    writeFileSync(newline, JSON.stringify({ ...stored, accounts: [stored.accounts[0], account('n\ntouch PWNED5', 'managed')] }, null, 2), { mode: 0o600 });
    // Where the shells run: an unescaped t* would match this file, a command run would leave its own.
    cwd = join(hostile.dir, 'cwd');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'tbait'), '');
    writeFileSync(join(cwd, FILE), '');
    mkdirSync(join(hostile.dir, 'results'));
    mkdirSync(join(hostile.dir, 'fpath'));
    writeFileSync(join(hostile.dir, 'fpath', '_household'), readFileSync(join(box.dir, 'household.zsh')));

    tmux = new Tmux(hostile.dir);
    const shellEnv = { ...env, HOUSEHOLD_STORE: hostile.store, TERM: 'xterm', LANG: 'C.UTF-8' };
    const ready = (shell: string) => `touch ${join(hostile.dir, `ready-${shell}`)}`;
    tmux.start('bash', shellEnv, ['bash', '--norc', '--noprofile', '-i']);
    tmux.type('bash', `PS1='$ '; source ${join(box.dir, 'household.bash')}; cd ${cwd}; ${ready('bash')}`);
    if (hasZsh) {
      tmux.start('zsh', shellEnv, ['zsh', '-f', '-i']);
      tmux.type('zsh', `PS1='$ '; fpath=(${join(hostile.dir, 'fpath')} $fpath); autoload -U compinit; compinit -u -D; cd ${cwd}; ${ready('zsh')}`);
    }
    if (hasFish) {
      tmux.start('fish', shellEnv, ['fish', '--no-config', '--private', '-i']);
      tmux.type('fish', `function fish_prompt; echo '$ '; end; set -g fish_autosuggestion_enabled 0; source ${join(box.dir, 'household.fish')}; cd ${cwd}; ${ready('fish')}`);
    }
    for (const shell of ['bash', ...(hasZsh ? ['zsh'] : []), ...(hasFish ? ['fish'] : [])]) {
      tmux.keys(shell, 'Enter');
      if ((await tmux.file(join(hostile.dir, `ready-${shell}`))) === undefined) throw new Error(`${shell} did not start:\n${tmux.screen(shell)}`);
    }
  });
  afterAll(() => {
    tmux?.close();
    hostile?.cleanup();
  });

  /**
   * Types each line, TAB, then puts printf in front of the line and runs it: the words the line runs with,
   * the last one for each line (or what the screen showed, when the line did not run).
   */
  async function completeAndRun(shell: string, lines: Typed[]): Promise<string[]> {
    const got: string[] = [];
    // Once a line has not run, the test has failed: the rest are given less time, to fail sooner.
    let timeoutMs = 30_000;
    for (const [index, { line, keys, after }] of lines.entries()) {
      const out = join(hostile.dir, 'results', `${shell}-${index}`);
      tmux.type(shell, line);
      if (keys) tmux.keys(shell, ...keys);
      tmux.keys(shell, 'Tab');
      if (after) tmux.type(shell, after);
      tmux.keys(shell, 'C-a');
      tmux.type(shell, "printf '<%s>\\n' ");
      tmux.keys(shell, 'C-e');
      tmux.type(shell, ` >${out}.tmp && mv ${out}.tmp ${out}`);
      tmux.keys(shell, 'Enter');
      const words = await tmux.file(out, timeoutMs);
      if (words === undefined) {
        const screen = tmux.screen(shell).split('\n').filter((row) => row.trim() !== '');
        got.push(`nothing run; the screen ends with: ${screen.slice(-2).join(' / ')}`);
        tmux.keys(shell, 'C-c');
        timeoutMs = 3_000;
      } else {
        got.push([...words.matchAll(/^<(.*)>$/gm)].map((word) => word[1]).pop() ?? words);
      }
    }
    return got;
  }

  /** Each name typed by its first letter, bare, after " and after '; a store nothing can be read from; a file; --account=. */
  function everyQuote(): Typed[] {
    return [
      ...HOSTILE.flatMap((name) => ['', '"', "'"].map((quote) => ({ line: `household users show ${quote}${name[0]}`, expected: name }))),
      ...['', '"', "'"].map((quote) => ({ line: `household --store ${newline} users show ${quote}n`, after: quote, expected: 'n' })),
      ...['', '"', "'"].map((quote) => ({ line: `household --store ${quote}f`, expected: FILE })),
      // An option's value given with =, the quote after it.
      ...['', '"', "'"].map((quote) => ({ line: `household log --account=${quote}g`, expected: `--account=${HOSTILE[1]}` })),
    ];
  }

  async function expectNamed(shell: string, lines: Typed[]): Promise<void> {
    const got = await completeAndRun(shell, lines);
    expect(lines.map(({ line }, index) => `${line} -> ${got[index]}`)).toEqual(lines.map(({ line, expected }) => `${line} -> ${expected}`));
    expect(readdirSync(cwd).sort()).toEqual([FILE, 'tbait'].sort());
  }

  test('bash: every name completes to itself, bare, after " and after \'; no command in a name runs', async () => {
    await expectNamed('bash', [
      ...everyQuote(),
      // As the issue typed them ("a$), and words already holding quotes and backslashes.
      { line: 'household users show "g$', expected: HOSTILE[1] },
      { line: 'household users show g$', expected: HOSTILE[1] },
      { line: "household users show 'g$", expected: HOSTILE[1] },
      { line: "household users show s\\'", expected: "s'q" },
      { line: "household users show 's'\\''", expected: "s'q" },
      { line: 'household users show c"\'\\"', expected: HOSTILE[12] },
      { line: 'household users show "c\'\\"\\\\"\\!"*', expected: HOSTILE[12] },
      // What the shell makes of $u only running it could tell: no name is completed after it.
      { line: 'household users show $u"', after: '"', expected: '' },
      // The cursor inside a word (after its ", before its e): nothing is completed.
      { line: 'household users show "e', keys: ['Left'], after: '"', expected: 'e' },
    ]);
  }, 300_000);

  (hasZsh ? test : test.skip)('zsh: every name completes to itself, bare, after " and after \'; no command in a name runs', async () => {
    await expectNamed('zsh', everyQuote());
  }, 300_000);

  (hasFish ? test : test.skip)('fish: every name completes to itself, bare, after " and after \'; no command in a name runs', async () => {
    await expectNamed('fish', everyQuote());
  }, 300_000);
});

/** The README's "Shell completion" recipes: a comment saying for whom, then the lines to run or to put in a file. */
function readmeRecipes(): Array<{ comment: string; lines: string[] }> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('\n## Shell completion\n')))?.[1];
  if (block === undefined) throw new Error('README.md has no sh block under "## Shell completion"');
  const recipes: Array<{ comment: string; lines: string[] }> = [];
  for (const line of block.split('\n').filter((one) => one.trim() !== '')) {
    if (line.startsWith('#')) recipes.push({ comment: line, lines: [] });
    else if (recipes.length === 0) throw new Error(`README.md: a completion recipe line before any comment: ${line}`);
    else recipes[recipes.length - 1].lines.push(line);
  }
  return recipes;
}

const IS_ROOT = process.getuid?.() === 0;

describe('the README install recipes', () => {
  let home: string;
  /** Stands for / in the lines that write system folders, which this test must not touch. */
  let system: string;
  let nobodyEnv: Record<string, string>;

  /** As the user nobody, in its home: `sh -c line`, or a program. */
  function asNobody(command: string[], input?: Buffer | string): ReturnType<typeof spawnSync> {
    return spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', ...command], { cwd: home, env: nobodyEnv, input });
  }

  /** A line as nobody would run it; the part after `| sudo` runs as root, on the stand-in system folders. */
  function runLine(line: string): void {
    const [user, privileged] = line.split(' | sudo ');
    const ran = asNobody(['sh', '-c', user]);
    expect({ line: user, code: ran.status, stderr: String(ran.stderr) }).toEqual({ line: user, code: 0, stderr: '' });
    if (privileged === undefined) return;
    const inSystem = privileged.replace(/(^|\s)\/(etc|usr)\//g, `$1${system}/$2/`);
    // Root writes only into the stand-in folders (or /dev/null), whatever the README comes to say.
    for (const path of inSystem.match(/(?<=^|\s)\/\S*/g) ?? []) expect({ line: privileged, path, inSystem: path === '/dev/null' || path.startsWith(`${system}/`) }).toEqual({ line: privileged, path, inSystem: true });
    const root = spawnSync('sh', ['-c', inSystem], { input: ran.stdout, env: { PATH: process.env.PATH } });
    expect({ line: privileged, code: root.status, stderr: String(root.stderr) }).toEqual({ line: privileged, code: 0, stderr: '' });
  }

  const script = (shell: string) => readFileSync(join(box.dir, `household.${shell}`), 'utf8');

  test("each script's header gives the README's lines for its shell", () => {
    for (const { comment, lines } of readmeRecipes()) {
      const shell = /^# (\w+)/.exec(comment)![1];
      const header = script(shell).split('\n\n')[0];
      for (const line of lines) expect({ shell, line, inHeader: header.includes(line) }).toEqual({ shell, line, inHeader: true });
    }
  });

  (IS_ROOT ? test : test.skip)('every recipe works for a user with an empty home (nobody), the sudo part as root (needs root: to run as nobody and as root)', async () => {
    home = mkdtempSync(join(tmpdir(), 'household-home-'));
    chownSync(home, 65534, 65534);
    system = mkdtempSync(join(tmpdir(), 'household-system-'));
    chmodSync(system, 0o755);
    // The folders the shells' packages make: bash-completion's and zsh's.
    for (const folder of ['etc/bash_completion.d', 'usr/local/share/zsh/site-functions']) mkdirSync(join(system, folder), { recursive: true });
    // household on nobody's PATH: the built CLI, copied where every user may read it, with its completion generator.
    const readable = dirname(dirname(binAnyUserCanRun()));
    copyFileSync(new URL('../../dist/completion.cjs', import.meta.url), join(readable, 'dist', 'completion.cjs'));
    const bin = join(readable, 'path');
    mkdirSync(bin, { recursive: true, mode: 0o755 });
    writeFileSync(join(bin, 'household'), `#!/bin/sh\nexec '${process.execPath}' '${binAnyUserCanRun()}' "$@"\n`, { mode: 0o755 });
    nobodyEnv = { HOME: home, PATH: `${bin}:/usr/bin:/bin`, TERM: 'dumb' };
    try {
      const recipes = readmeRecipes();
      expect(recipes.map((recipe) => recipe.comment.split(',')[0])).toEqual(['# bash', '# bash', '# bash', '# zsh', '# zsh', '# fish']);
      for (const { comment, lines } of recipes) {
        const rc = /put this line in (~\/\.\w+rc)/.exec(comment)?.[1];
        if (rc) {
          const file = join(home, rc.slice(2));
          // "after compinit": what a ~/.zshrc with completion has first.
          const before = rc === '~/.zshrc' ? 'autoload -U compinit; compinit -u\n' : '';
          const ran = asNobody(['sh', '-c', `printf '%s\\n' "$1" >> "$2"`, 'sh', `${before}${lines.join('\n')}`, file]);
          expect(ran.status).toBe(0);
        } else {
          for (const line of lines) runLine(line);
        }
      }
      // bash: from ~/.bashrc, in a bash with nothing else loaded, household pin <TAB>.
      const bashrc = asNobody(['bash', '--rcfile', join(home, '.bashrc'), '-i', '-c', `${BASH_HARNESS}\ncomplete_words household pin ''`]);
      expect(String(bashrc.stdout)).toBe('set\nremove\nreset\nverify\n');
      expect(readFileSync(join(home, '.local/share/bash-completion/completions/household'), 'utf8')).toBe(script('bash'));
      expect(readFileSync(join(system, 'etc/bash_completion.d/household'), 'utf8')).toBe(script('bash'));
      if (hasZsh) {
        const zshrc = asNobody(['zsh', '-i', '-c', 'print -r -- $_comps[household]']);
        expect(String(zshrc.stdout)).toBe('_household\n');
      }
      expect(readFileSync(join(system, 'usr/local/share/zsh/site-functions/_household'), 'utf8')).toBe(script('zsh'));
      expect(readFileSync(join(home, '.config/fish/completions/household.fish'), 'utf8')).toBe(script('fish'));
      if (hasFish) {
        // fish finds it by itself, on first use.
        const fish = asNobody(['fish', '-c', 'complete -C"household pin "']);
        expect(String(fish.stdout).split('\n').map((line) => line.split('\t')[0])).toEqual(['remove', 'reset', 'set', 'verify', '']);
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(system, { recursive: true, force: true });
    }
  });
});
