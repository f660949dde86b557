import { chmodSync, chownSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runProgram, type Run } from '../e2e/cli.js';

/**
 * The package file installs and runs as an operator would install it: `npm pack`, then
 * `npm install -g --prefix DIR` of the tarball into an empty prefix, which fetches the runtime
 * dependencies (from npm's cache or the registry) and builds nothing: what runs is the dist/ that was
 * packed. Then the README's own install and cron recipes, read from README.md and run as written (a
 * user's as a user who is not root), on the same package file. Slow (npm installs), so it is here and
 * not in `npm test`.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const TARBALL = `${pkg.name}-${pkg.version}.tgz`;
const NODE_BIN = dirname(process.execPath);
// npm and node from the Node that runs the tests, whatever the PATH says.
const PATH = `${NODE_BIN}:${process.env.PATH}`;
const IS_ROOT = process.getuid?.() === 0;
/** A user's recipe runs as nobody when the tests run as root; otherwise as the user running them, who is not root. */
const AS_USER = IS_ROOT ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : [];

/** `env` is the whole environment: npm needs the machine's (its certificates, its proxy). */
function run(command: string, args: string[], cwd: string, input = '', env: Record<string, string | undefined> = { ...process.env, PATH }): Promise<Run> {
  return runProgram(command, args, { cwd, env, input });
}

/** A user's environment: HOME and PATH, and what npm needs of the machine's to reach the registry; none of npm's own `npm_*` settings of the run that started the tests (its cache, its prefix). */
function userEnv(home: string, path: string): Record<string, string> {
  const machine = Object.entries(process.env).filter(([name]) => /^(https?_proxy|no_proxy|NODE_EXTRA_CA_CERTS|SSL_CERT_(FILE|DIR))$/i.test(name));
  return { ...(Object.fromEntries(machine) as Record<string, string>), HOME: home, PATH: path, LANG: 'C.UTF-8', MANWIDTH: '100' };
}

/** Runs `command` with `args` as the user of the user recipes (see AS_USER). */
function asUser(command: string, args: string[], cwd: string, env: Record<string, string>, input = ''): Promise<Run> {
  return AS_USER.length ? run(AS_USER[0], [...AS_USER.slice(1), command, ...args], cwd, input, env) : run(command, args, cwd, input, env);
}

/** A new folder that the user of the user recipes owns. */
function userFolder(parent: string, name: string): string {
  const folder = join(parent, name);
  mkdirSync(folder, { mode: 0o755 });
  if (IS_ROOT) chownSync(folder, 65534, 65534);
  return folder;
}

/** The lines of the first fenced block in README.md after the first line that starts with `lead`. */
function readmeBlock(lead: string): string[] {
  const lines = README.split('\n');
  const start = lines.findIndex((line) => line.startsWith(lead));
  if (start < 0) throw new Error(`README.md has no line starting with ${lead}`);
  const open = lines.findIndex((line, i) => i > start && line.startsWith('```'));
  const close = lines.findIndex((line, i) => i > open && line === '```');
  return lines.slice(open + 1, close);
}

/** A store with an admin and a managed account kid whose PIN is set, made with `household` as `as` runs it. */
async function seedStore(as: (args: string[], input?: string) => Promise<Run>, store: string): Promise<void> {
  expect(await as(['--store', store, 'init', '--admin', 'alice', '--plan', 'pass', '--stdin'], 'alice-password\nalice-password\n2580\n2580\n')).toMatchObject({ code: 0 });
  expect(await as(['--store', store, 'users', 'add', 'kid', '--managed'])).toMatchObject({ code: 0 });
  expect(await as(['--store', store, 'pin', 'set', 'kid', '--stdin'], '4829\n4829\n')).toMatchObject({ code: 0 });
}

/**
 * The README's crontab, as cron would run it after an install whose `bin` folder is `bin`: its `PATH=`
 * line with /usr/local/bin (the install for everyone) replaced by `bin`, and nothing else in the
 * environment (`env -i`); its job line's command through `sh -c`, with the store and the log file put in
 * `folder`. Then the script by its full path under cron's own PATH, with no `PATH=` line. Returns what
 * each wrote.
 */
async function cronRuns(bin: string, folder: string, store: string, runAs: string[]): Promise<{ job: Run; log: string; fullPath: Run }> {
  const [pathLine, jobLine, ...rest] = readmeBlock('A crontab').filter((line) => line.trim() !== '');
  expect(rest).toEqual([]);
  expect(pathLine).toBe('PATH=/usr/local/bin:/usr/bin:/bin');
  const cronPath = pathLine.slice('PATH='.length).replace('/usr/local/bin', bin);
  const command = /^(?:\S+\s+){5}(.+)$/.exec(jobLine)![1];
  expect(command).toContain('household-clear-managed-pins /srv/household/household.json');
  const log = join(folder, 'household-cron.log');
  const mine = command.replace('/srv/household/household.json', store).replace('/var/log/household-cron.log', log);
  const spawnPath = { PATH: '/usr/bin:/bin' };
  const exec = (args: string[]) => (runAs.length ? run(runAs[0], [...runAs.slice(1), ...args], folder, '', spawnPath) : run(args[0], args.slice(1), folder, '', spawnPath));
  const job = await exec(['env', '-i', `PATH=${cronPath}`, 'sh', '-c', mine]);
  const fullPath = await exec(['env', '-i', `PATH=${[...new Set([NODE_BIN, '/usr/bin', '/bin'])].join(':')}`, join(bin, 'household-clear-managed-pins'), store]);
  return { job, log: readFileSync(log, 'utf8'), fullPath };
}

/** What the README's cron job and the script by its full path print, one after the other, on a store where kid has a PIN. */
const CLEARED = { job: { code: 0, stdout: '', stderr: '' }, log: '{"removed":["kid"],"unchanged":[]}\n', fullPath: { code: 0, stdout: '{"removed":[],"unchanged":["kid"]}\n', stderr: '' } };

let dir: string;
let tarball: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'household-pack-'));
  // Every user may look in (the user recipes run as nobody) but not write.
  chmodSync(dir, 0o755);
  // --ignore-scripts: `prepare` would rebuild dist/ under the other slow tests' feet; `npm run test:slow` has just built it.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
  expect(packed.code).toBe(0);
  expect(packed.stdout.trim().split('\n').pop()).toBe(TARBALL);
  tarball = join(dir, TARBALL);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('npm pack, then npm install -g --prefix of the tarball: it installs without building and runs', async () => {
  const listing = (await run('tar', ['-tzf', tarball], dir)).stdout.split('\n').filter(Boolean).sort();
  expect(listing).toEqual(
    [
      'README.md',
      'bin/household.js',
      'bin/package.json',
      'dist/completion.cjs',
      'dist/household.1',
      'dist/household.cjs',
      'dist/household.cjs.cache',
      // The rarely used commands, and commander with its wiring, in files of their own (scripts/build.mjs).
      'dist/commands.cjs',
      'dist/program.cjs',
      'dist/program.cjs.cache',
      'package.json',
      'scripts/clear-managed-pins.sh',
    ]
      .map((file) => `package/${file}`)
      .sort(),
  );

  const prefix = join(dir, 'prefix');
  const installed = await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--foreground-scripts', `./${TARBALL}`], dir);
  expect(installed.code).toBe(0);
  // No build at install: prepare (esbuild, a dev dependency) is not run for a tarball, and no dev dependency is there.
  expect(installed.stdout).not.toContain(`${pkg.name}@${pkg.version} prepare`);
  const home = join(prefix, 'lib', 'node_modules', pkg.name);
  for (const dev of Object.keys(pkg.devDependencies)) expect(existsSync(join(home, 'node_modules', dev))).toBe(false);
  for (const file of ['household.cjs', 'household.cjs.cache', 'commands.cjs', 'program.cjs', 'program.cjs.cache']) {
    expect(readFileSync(join(home, 'dist', file)).equals(readFileSync(join(ROOT, 'dist', file)))).toBe(true);
  }
  expect(readdirSync(join(prefix, 'share', 'man', 'man1'))).toEqual(['household.1']);
  expect(readdirSync(join(prefix, 'bin')).sort()).toEqual(['household', 'household-clear-managed-pins']);

  const household = join(prefix, 'bin', 'household');
  expect(await run(household, ['--version'], dir, '', { PATH })).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  const store = join(dir, 'store', 'household.json');
  // household itself needs nothing of the environment.
  const env = { PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
  const init = await run(household, ['--store', store, 'init', '--admin', 'alice', '--plan', 'pass', '--stdin'], dir, 'alice-password\nalice-password\n2580\n2580\n', env);
  expect(init.code).toBe(0);
  expect((await run(household, ['--store', store, 'users', 'add', 'kid', '--managed'], dir, '', env)).code).toBe(0);
  expect(await run(household, ['--store', store, 'users', 'list'], dir, '', env)).toEqual({ code: 0, stdout: 'alice\tadmin\tyes\t-\nkid\tmanaged\tno\t-\n', stderr: '' });
  // argon2 (a native module) came with the install: a PIN check runs.
  expect(await run(household, ['--store', store, 'pin', 'verify', 'alice', '--stdin'], dir, '2580\n', env)).toMatchObject({ code: 0 });
  const completion = await run(household, ['completion', 'bash'], dir, '', env);
  expect(completion.code).toBe(0);
  expect(completion.stdout).toContain('complete -F _household household');
}, 300_000);

describe("the README's recipes, from its own text", () => {
  test('the cron script it shows is the one the package installs', () => {
    const shown = readmeBlock('The package installs `household-clear-managed-pins STORE`');
    expect(`${shown.join('\n')}\n`).toBe(readFileSync(join(ROOT, 'scripts', 'clear-managed-pins.sh'), 'utf8'));
    expect(statSync(join(ROOT, 'scripts', 'clear-managed-pins.sh')).mode & 0o111).toBe(0o111);
  });

  test('for one user, without root: the install into ~/.local, its PATH line, --version, man, and the cron job', async () => {
    const lines = readmeBlock('**For one user, without root**');
    expect(lines[0]).toBe(`npm install -g --prefix ~/.local ./${TARBALL}`);
    const home = userFolder(dir, 'user-home');
    // A login's PATH, without the folder the recipe adds: the recipe's own PATH line must add it.
    const env = userEnv(home, [...new Set([NODE_BIN, '/usr/bin', '/bin'])].join(':'));
    const recipe = await asUser('sh', ['-ec', lines.join('\n')], dir, env);
    expect(recipe).toMatchObject({ code: 0 });
    expect(recipe.stdout).toContain(`\n${pkg.version}\n`);
    expect(recipe.stdout).toMatch(/^NAME\n +household - manage a household of accounts/m);
    const bin = join(home, '.local', 'bin');
    expect(lstatSync(join(bin, 'household')).uid).toBe(IS_ROOT ? 65534 : process.getuid!());
    // man finds the page in ~/.local through PATH alone, as the README says (man -w names the file the link points to).
    const where = await asUser('sh', ['-c', `${lines[1]}\nman -w household`], dir, env);
    expect(where).toEqual({ code: 0, stdout: `${realpathSync(join(home, '.local', 'share', 'man', 'man1', 'household.1'))}\n`, stderr: '' });

    const household = join(bin, 'household');
    const store = join(home, 'household', 'household.json');
    await seedStore((args, input) => asUser(household, args, home, userEnv(home, env.PATH), input), store);
    expect(await cronRuns(bin, home, store, AS_USER)).toEqual(CLEARED);
  }, 300_000);

  test('for everyone, as root: the install into /usr/local (here a temporary prefix in its place), --version, man, and the cron job', async () => {
    const lines = readmeBlock('**For everyone, as root**');
    expect(lines[0]).toBe(`sudo npm install -g --prefix /usr/local ./${TARBALL}`);
    // Already root (or, when not, the prefix is ours): no sudo. /usr/local/bin is on everyone's PATH: so is the prefix's here.
    const prefix = join(dir, 'usr-local');
    const recipe = lines.map((line) => line.replace(/^sudo /, '').replaceAll('/usr/local', prefix)).join('\n');
    const env = userEnv(dir, [...new Set([join(prefix, 'bin'), NODE_BIN, '/usr/bin', '/bin'])].join(':'));
    const installed = await run('sh', ['-ec', recipe], dir, '', env);
    expect(installed).toMatchObject({ code: 0 });
    expect(installed.stdout).toContain(`\n${pkg.version}\n`);
    expect(installed.stdout).toMatch(/^NAME\n +household - manage a household of accounts/m);
    expect((await run('man', ['-w', 'household'], dir, '', env)).stdout).toBe(`${realpathSync(join(prefix, 'share', 'man', 'man1', 'household.1'))}\n`);
    // The installed page carries the README's PAM recipe: the one place an operator without the README finds it.
    const page = await run('man', ['-l', '-P', 'cat', join(prefix, 'share', 'man', 'man1', 'household.1')], dir, '', env);
    expect(page.stdout).toMatch(/^PAM\n +A PAM service\b.*\n +\S/m);

    const storeFolder = join(dir, 'srv');
    const store = join(storeFolder, 'household', 'household.json');
    mkdirSync(storeFolder, { mode: 0o700 });
    await seedStore((args, input) => run(join(prefix, 'bin', 'household'), args, dir, input, env), store);
    expect(await cronRuns(join(prefix, 'bin'), storeFolder, store, [])).toEqual(CLEARED);
  }, 300_000);

  test('from a clone, as its owner: the link into ~/.local and the package file leave nothing in the clone its owner cannot rebuild, and the cron job runs', async () => {
    const lines = readmeBlock('**From a clone**').filter((line) => line.trim() !== '');
    expect(lines.map((line) => line.replace(/\s+#.*$/, ''))).toEqual(['npm ci', 'npm install -g --prefix ~/.local .']);
    // The clone: the project's tracked files as they are now (`git ls-files`, uncommitted changes too),
    // owned by the user. `npm ci` (every dev dependency, from the registry) is the one line not run: a
    // copy of this checkout's node_modules stands in for what it installs (a copy, not a link: this
    // checkout may sit in a folder only root may enter, as a clone in `mktemp -d` does).
    const clone = userFolder(dir, 'clone');
    const tracked = (await run('git', ['ls-files', '-z'], ROOT)).stdout.split('\0').filter((file) => file !== '' && existsSync(join(ROOT, file)));
    for (const file of tracked) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(clone, file));
      chmodSync(join(clone, file), statSync(join(ROOT, file)).mode & 0o777);
    }
    cpSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    const home = userFolder(dir, 'clone-home');
    if (IS_ROOT) await run('chown', ['-R', '-h', 'nobody:nogroup', clone], dir);
    const env = userEnv(home, [...new Set([NODE_BIN, '/usr/bin', '/bin'])].join(':'));

    const linked = await asUser('sh', ['-ec', lines.slice(1).join('\n')], clone, env);
    expect(linked).toMatchObject({ code: 0 });
    const bin = join(home, '.local', 'bin');
    // A link to the clone, not a copy.
    expect(realpathSync(join(bin, 'household'))).toBe(join(clone, 'bin', 'household.js'));
    // The README's package file, made in the clone by its owner (`npm ci` again the one part not run).
    const [making, ...more] = readmeBlock('**The package file**');
    expect(more).toEqual([]);
    expect(making).toMatch(/^npm ci && npm pack\s/);
    const made = await asUser('sh', ['-ec', making.replace(/^npm ci && /, '')], clone, env);
    expect(made).toMatchObject({ code: 0 });
    expect(made.stdout.trim().split('\n').pop()).toBe(TARBALL);
    expect(existsSync(join(clone, TARBALL))).toBe(true);
    // Nothing in the clone belongs to anyone but its owner: the builds the install and the pack ran were the owner's.
    const strangers = await run('find', [clone, '-not', '-user', IS_ROOT ? 'nobody' : String(process.getuid!())], dir);
    expect(strangers).toEqual({ code: 0, stdout: '', stderr: '' });
    // The README's "rebuild with `npm run build` after a change", as the owner, and the rebuilt CLI runs.
    expect(await asUser('npm', ['run', 'build'], clone, env)).toMatchObject({ code: 0 });
    expect(await asUser(join(bin, 'household'), ['--version'], clone, env)).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });

    const store = join(home, 'household', 'household.json');
    await seedStore((args, input) => asUser(join(bin, 'household'), args, home, env, input), store);
    expect(await cronRuns(bin, home, store, AS_USER)).toEqual(CLEARED);
  }, 300_000);
});
