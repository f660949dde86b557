import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, watch, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { asRoot as rootOnly } from '../fakes/refusals.js';
import { binAnyUserCanRun, run, Sandbox, type Run } from './cli.js';

/**
 * "Safe folders" and "The store" of the contract, against someone who shares a folder with the store,
 * or who hands the CLI a file that is no store. The attacker's steps are done as another user (nobody),
 * so only root can run them: as anyone else those tests are skipped, saying why.
 */
/** A test whose attacker is the user nobody: skipped, saying why in its name, when not run as root. */
function asRoot(name: string, body: () => Promise<void>): void {
  rootOnly(`${name} (needs root: to act as the user nobody against root's store)`, body);
}

/** Runs a shell command as the user nobody: the attacker, who can write the shared folder and nothing of root's. */
function asNobody(command: string, input?: string): void {
  const result = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'sh', '-c', command], { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the attacker's step failed (${result.status}): ${command}\n${result.stderr}`);
}

/** Everything made in `folder` while `during` runs (inotify), even what is removed again before it ends. */
async function madeIn(folder: string, during: () => Promise<Run>): Promise<{ result: Run; made: string[] }> {
  const before = new Set(readdirSync(folder));
  const made = new Set<string>();
  const watcher = watch(folder, (_event, name) => {
    if (name && !before.has(name.toString())) made.add(name.toString());
  });
  try {
    const result = await during();
    // inotify events come in after the change they report: give the last ones time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { result, made: [...made] };
  } finally {
    watcher.close();
  }
}

let box: Sandbox;
let base: string;
beforeEach(() => {
  box = new Sandbox();
  // Where the shared folders go: readable by everyone (so nobody can reach them), writable by root only.
  base = mkdtempSync('/tmp/household-hostile-');
  chmodSync(base, 0o755);
});
afterEach(() => {
  box.cleanup();
  rmSync(base, { recursive: true, force: true });
});

/** A folder others can write: 0777, or 1777 as /tmp (sticky: nobody may remove or rename what is not theirs). */
function sharedFolder(mode: number): string {
  const folder = join(base, 'shared');
  mkdirSync(folder);
  chmodSync(folder, mode);
  return folder;
}

/** A household with a managed account whose PIN `pin remove --all-managed` would remove. */
async function storeWithKidPin(sandbox: Sandbox, admin?: string): Promise<void> {
  await sandbox.init(admin);
  expect((await sandbox.run(['users', 'add', 'kid', '--managed'])).code).toBe(0);
  expect((await sandbox.run(['pin', 'set', 'kid', '--stdin'], { input: '6142\n6142\n' })).code).toBe(0);
}

function expectUnsafeFolder(result: Run, store: string, folder: string): void {
  expect(result.code).toBe(78);
  expect(result.stderr).toContain(`household: the store ${store} is unusable: its folder ${folder} has mode`);
  expect(result.stderr).toContain(`chmod go-w ${folder}`);
}

const MODES: Array<[string, number]> = [
  ['0777', 0o777],
  ['1777 (sticky, as /tmp)', 0o1777],
];

describe.each(MODES)('root\'s store in a folder others can write, mode %s', (_label, mode) => {
  asRoot("the attacker points household.json at a victim's store: refused (78) naming the folder and the fix; the victim's store is untouched and no lock appears beside it", async () => {
    const victim = new Sandbox();
    try {
      await storeWithKidPin(victim, '7391');
      const victimBytes = readFileSync(victim.store);
      const shared = sharedFolder(mode);
      const store = join(shared, 'household.json');
      if (mode === 0o777) {
        // Root's own store was there; without the sticky bit the attacker may remove it and put a link in its place.
        await storeWithKidPin(box);
        copyFileSync(box.store, store);
        asNobody(`rm ${store} && ln -s ${victim.store} ${store}`);
      } else {
        // With the sticky bit nobody can remove root's file, but can plant the link before root's first use.
        asNobody(`ln -s ${victim.store} ${store}`);
      }
      const { result, made } = await madeIn(dirname(victim.store), () => box.run(['--store', store, 'pin', 'remove', '--all-managed']));
      expectUnsafeFolder(result, store, shared);
      expect(readFileSync(victim.store)).toEqual(victimBytes);
      expect(made).toEqual([]);
    } finally {
      victim.cleanup();
    }
  });

  asRoot('the attacker plants a store of their own: refused (78), and the planted file is not written', async () => {
    // The attacker's household, made elsewhere: their kid, their PIN.
    const theirs = new Sandbox();
    let planted: string;
    try {
      await storeWithKidPin(theirs, '6517');
      planted = readFileSync(theirs.store, 'utf8');
    } finally {
      theirs.cleanup();
    }
    const shared = sharedFolder(mode);
    const store = join(shared, 'household.json');
    if (mode === 0o777) {
      await storeWithKidPin(box);
      copyFileSync(box.store, store);
      asNobody(`rm ${store} && umask 077 && cat > ${store}`, planted);
    } else {
      asNobody(`umask 077 && cat > ${store}`, planted);
    }
    expect(statSync(store).uid).not.toBe(0);
    const { result, made } = await madeIn(shared, () => box.run(['--store', store, 'pin', 'remove', '--all-managed']));
    expectUnsafeFolder(result, store, shared);
    expect(readFileSync(store, 'utf8')).toBe(planted);
    expect(made).toEqual([]);
    const list = await box.run(['--store', store, 'users', 'list']);
    expectUnsafeFolder(list, store, shared);
    expect(list.stdout).toBe('');
  });

  asRoot("a link there that the user cannot follow is still refused for the folder, with its fix (as with fs.protected_symlinks)", async () => {
    // The CLI run as nobody, whose link points into root's private folder: following it is EACCES.
    await box.init();
    const shared = sharedFolder(mode);
    const store = join(shared, 'household.json');
    asNobody(`ln -s ${box.store} ${store}`);
    const result = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, binAnyUserCanRun(), '--store', store, 'users', 'list'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: base, XDG_CONFIG_HOME: join(base, 'config') },
    });
    expectUnsafeFolder({ code: result.status, stdout: result.stdout, stderr: result.stderr }, store, shared);
  });

  test("a store that is a symlink into such a folder: refused (78) naming the target's folder", async () => {
    await storeWithKidPin(box);
    const shared = sharedFolder(mode);
    const target = join(shared, 'household.json');
    renameSync(box.store, target);
    symlinkSync(target, box.store);
    const before = readFileSync(target);
    for (const args of [['users', 'list'], ['pin', 'remove', '--all-managed']]) {
      const result = await box.run(args);
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(`household: the store ${box.store} is unusable: its folder ${shared} has mode`);
      expect(result.stdout).toBe('');
    }
    expect(readFileSync(target)).toEqual(before);
    expect(readdirSync(shared)).toEqual(['household.json']);
  });
});

describe('a chain of symbolic links', () => {
  asRoot("root's store links into a folder of nobody's, whose link leads on to a victim's store: 78 naming that folder; the victim's store is untouched", async () => {
    const victim = new Sandbox();
    try {
      await storeWithKidPin(victim, '7391');
      const victimBytes = readFileSync(victim.store);
      // nobody's own folder, private to nobody: nobody may point the link in it anywhere, at any time.
      const theirs = join(base, 'theirs');
      mkdirSync(theirs);
      spawnSync('chown', ['nobody', theirs]);
      asNobody(`chmod 755 ${theirs} && ln -s ${box.store}.decoy ${theirs}/next.json`);
      mkdirSync(dirname(box.store), { recursive: true, mode: 0o700 });
      symlinkSync(join(theirs, 'next.json'), box.store);
      // Root's link checked (its folder is root's) and pointed at nobody's link, which now leads on to the victim.
      asNobody(`ln -sfn ${victim.store} ${theirs}/next.json`);
      const { result, made } = await madeIn(dirname(victim.store), () => box.run(['pin', 'remove', '--all-managed']));
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(`household: the store ${box.store} is unusable: the folder ${theirs} of its symbolic link ${join(theirs, 'next.json')} belongs to user id `);
      expect(readFileSync(victim.store)).toEqual(victimBytes);
      expect(made).toEqual([]);
    } finally {
      victim.cleanup();
    }
  });
});

describe('locks that are not what household makes', () => {
  test('a lock folder whose mtime is 2099 (planted, or a clock set back) is no obstacle: nobody holds it, so the change goes through at once', async () => {
    await storeWithKidPin(box);
    const lock = `${box.store}.lock`;
    rmSync(lock, { recursive: true });
    mkdirSync(lock);
    const future = new Date('2099-01-01T00:00:00Z');
    utimesSync(lock, future, future);
    const result = await box.run(['pin', 'remove', '--all-managed', '--json']);
    expect([result.code, result.stdout]).toEqual([0, '{"removed":["kid"],"unchanged":[]}\n']);
    // Only the kernel's lock on the file inside counts; the folder and that file stay for the next command.
    expect(readdirSync(lock)).toEqual(['lock']);
  });

  test('a plain file where the lock goes: 78 naming it (not a crash), and it is left alone', async () => {
    await storeWithKidPin(box);
    const lock = `${box.store}.lock`;
    rmSync(lock, { recursive: true });
    writeFileSync(lock, 'not a lock\n');
    const before = readFileSync(box.store);
    const result = await box.run(['pin', 'remove', '--all-managed']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`household: the store ${box.store} is unusable: its lock ${lock} is not a folder household made`);
    expect(result.stderr).toContain(`rm -r ${lock}`);
    expect(readFileSync(box.store)).toEqual(before);
    expect(readFileSync(lock, 'utf8')).toBe('not a lock\n');
  });

  test('a lock folder with something in it: 78 naming it, and nothing in it is removed', async () => {
    await storeWithKidPin(box);
    const lock = `${box.store}.lock`;
    rmSync(lock, { recursive: true });
    mkdirSync(lock);
    writeFileSync(join(lock, 'precious'), 'keep me\n');
    const before = readFileSync(box.store);
    const result = await box.run(['pin', 'remove', '--all-managed']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`household: the store ${box.store} is unusable: its lock ${lock} is a folder with files in it that household never puts there (1)`);
    expect(readFileSync(box.store)).toEqual(before);
    expect(readFileSync(join(lock, 'precious'), 'utf8')).toBe('keep me\n');
  });
});

describe('a store under /tmp/x/, x a private folder of ours', () => {
  test('works: the sticky, world-writable /tmp above it is fine', async () => {
    const tmp = statSync('/tmp');
    if ((tmp.mode & 0o1002) !== 0o1002) {
      console.log('skipped: /tmp here is not a sticky, world-writable folder, which is what this test is about');
      return;
    }
    const x = mkdtempSync('/tmp/household-x-');
    try {
      expect(statSync(x).mode & 0o777).toBe(0o700);
      const store = join(x, 'household.json');
      const init = await box.run(['--store', store, 'init', '--admin', 'alice', '--stdin'], { input: 'alice-password\nalice-password\n\n' });
      expect(init.code).toBe(0);
      expect((await box.run(['--store', store, 'plan', 'set', 'pass'])).code).toBe(0);
      expect((await box.run(['--store', store, 'users', 'add', 'kid', '--managed'])).code).toBe(0);
      expect((await box.run(['--store', store, 'pin', 'set', 'kid', '--stdin'], { input: '4829\n4829\n' })).code).toBe(0);
      const list = await box.run(['--store', store, 'users', 'list']);
      expect([list.code, list.stdout]).toEqual([0, 'alice\tadmin\tno\t-\nkid\tmanaged\tyes\t-\n']);
    } finally {
      rmSync(x, { recursive: true, force: true });
    }
  });
});

/** Messages name the file: its path (random letters from mkdtemp) must not count as quoted contents. */
function without(text: string, path: string): string {
  return text.split(path).join('<file>');
}

/** Things that are not a household store, and whose text must never reach the screen. */
const NOT_STORES: Array<[string, string, string[]]> = [
  ['a JSON file of secrets', '{"DB_PASSWORD": "hunter2", "API_KEY": "AKIAIOSFODNN7EXAMPLE"}\n', ['DB_PASSWORD', 'hunter2', 'API_KEY', 'AKIAIOSFODNN7', 'EXAMPLE']],
  ['a key in plain text', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc\n', ['sk_live', 'sk_', '4eC39', 'HqLyjW', 'dp7dc']],
  ['JSON that breaks off after a secret', '{"token": "ghp_R2D2C3POxwing"', ['token', 'ghp_', 'R2D2', 'xwing']],
  ['a private key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n', ['BEGIN', 'OPENSSH', 'b3BlbnNz', '-----']],
];

describe('a store path that names a file that is no store', () => {
  test.each(NOT_STORES)('%s: 78, none of its text on stderr, no lock made beside it', async (_what, content, fragments) => {
    const folder = join(box.dir, 'etc');
    mkdirSync(folder, { mode: 0o700 });
    const file = join(folder, 'secrets.env');
    writeFileSync(file, content, { mode: 0o600 });
    for (const args of [['pin', 'remove', '--all-managed'], ['users', 'add', 'kid', '--managed'], ['users', 'list'], ['users', 'list', '--json']]) {
      const { result, made } = await madeIn(folder, () => box.run(['--store', file, ...args]));
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(file);
      for (const fragment of fragments) expect(without(result.stderr, file)).not.toContain(fragment);
      expect(result.stdout).toBe('');
      expect(made).toEqual([]);
    }
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  test('a file nested 100,000 levels deep is 78 naming it, not a crash', async () => {
    const file = join(box.dir, 'deep.json');
    writeFileSync(file, `${'['.repeat(100_000)}"hunter2"`, { mode: 0o600 });
    const result = await box.run(['--store', file, 'users', 'list']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`household: the store ${file} is unusable: it is not valid JSON`);
    expect(without(result.stderr, file)).not.toContain('hunter2');
  });

  test("an unknown field is named by its line and column, never by its name or value", async () => {
    await box.init();
    const store = JSON.parse(readFileSync(box.store, 'utf8'));
    store.accounts[0].DB_PASSWORD = 'hunter2';
    store.sk_live_4eC39 = 'top';
    const text = JSON.stringify(store, null, 2);
    writeFileSync(box.store, text, { mode: 0o600 });
    const where = (key: string) => {
      const lines = text.slice(0, text.indexOf(`"${key}"`)).split('\n');
      return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
    };
    // The top level is checked first.
    const top = await box.run(['users', 'list']);
    expect(top.code).toBe(78);
    expect(top.stderr).toContain(`(top level): an unknown field at ${where('sk_live_4eC39')}`);
    delete store.sk_live_4eC39;
    const inAccount = JSON.stringify(store, null, 2);
    writeFileSync(box.store, inAccount, { mode: 0o600 });
    const account = await box.run(['users', 'list']);
    const lines = inAccount.slice(0, inAccount.indexOf('"DB_PASSWORD"')).split('\n');
    expect(account.code).toBe(78);
    expect(account.stderr).toContain(`accounts[0]: an unknown field at line ${lines.length}, column ${lines[lines.length - 1].length + 1}`);
    for (const result of [top, account]) {
      for (const fragment of ['DB_PASSWORD', 'hunter2', 'sk_live', '4eC39', '"top"']) expect(without(result.stderr, box.store)).not.toContain(fragment);
    }
  });

  test.each([
    ['a string', '"hunter2-v3"', ['hunter2', 'v3']],
    ['a large number', '31337', ['31337']],
    ['a fraction', '1.5', ['1.5']],
    ['a negative number', '-42', ['42']],
    ['an object', '{"key": "hunter2"}', ['key', 'hunter2']],
    ['a list', '["hunter2", 7]', ['hunter2', '7]']],
  ])('a version that is %s is described, never echoed (78)', async (_what, version, fragments) => {
    const file = join(box.dir, 'household.json');
    writeFileSync(file, `{"version": ${version}, "plan": "free", "accounts": []}\n`, { mode: 0o600 });
    const result = await box.run(['--store', file, 'users', 'list']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`household: the store ${file} is unusable: version: `);
    for (const fragment of fragments) expect(without(result.stderr, file)).not.toContain(fragment);
  });
});

describe('the config file', () => {
  // Run without --store and without $HOUSEHOLD_STORE, so that the preference is what names the store.
  const household = (args: string[]) => run(args, { env: box.env });
  const configFile = () => join(box.env.XDG_CONFIG_HOME, 'household', 'config.json');

  asRoot("nobody's config file (0666, in a folder of root's that everyone may write) naming a victim's store: 78 naming it; the victim's store is untouched, and config set store does not replace it", async () => {
    const victim = new Sandbox();
    try {
      await storeWithKidPin(victim, '7391');
      const victimBytes = readFileSync(victim.store);
      const shared = join(base, 'config', 'household');
      mkdirSync(shared, { recursive: true });
      chmodSync(shared, 0o777);
      asNobody(`umask 0 && printf '{"store": "%s"}' ${victim.store} > ${shared}/config.json`);
      const env = { ...box.env, XDG_CONFIG_HOME: join(base, 'config') };
      const planted = readFileSync(join(shared, 'config.json'), 'utf8');
      for (const args of [['pin', 'remove', '--all-managed'], ['users', 'list'], ['config', 'set', 'store', box.store], ['config', 'unset', 'store']]) {
        const result = await run(args, { env });
        expect(result.code).toBe(78);
        expect(result.stderr).toContain(`household: the config file ${join(shared, 'config.json')} is unusable: its folder ${shared} has mode 0777`);
      }
      expect(readFileSync(victim.store)).toEqual(victimBytes);
      expect(readFileSync(join(shared, 'config.json'), 'utf8')).toBe(planted);
    } finally {
      victim.cleanup();
    }
  });

  asRoot("nobody's private config file in root's own private folder: 78 (it would choose root's store), and config set store does not replace it", async () => {
    await storeWithKidPin(box);
    mkdirSync(dirname(configFile()), { recursive: true, mode: 0o700 });
    writeFileSync(configFile(), JSON.stringify({ store: box.store }), { mode: 0o600 });
    spawnSync('chown', ['nobody', configFile()]);
    const before = readFileSync(box.store);
    for (const args of [['pin', 'remove', '--all-managed'], ['config', 'set', 'store', box.store]]) {
      const result = await household(args);
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(`household: the config file ${configFile()} is unusable: it belongs to user id `);
    }
    expect(readFileSync(box.store)).toEqual(before);
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({ store: box.store });
    expect(statSync(configFile()).uid).not.toBe(0);
  });

  test("the user's own config file with a loose mode: 78 with the chmod; config set store rewrites it 0600", async () => {
    await box.init();
    mkdirSync(dirname(configFile()), { recursive: true, mode: 0o700 });
    writeFileSync(configFile(), JSON.stringify({ store: box.store }));
    chmodSync(configFile(), 0o644);
    const list = await household(['users', 'list']);
    expect(list.code).toBe(78);
    expect(list.stderr).toContain(`household: the config file ${configFile()} is unusable: its permissions 0644 let other users read or change it`);
    expect(list.stderr).toContain(`chmod 600 ${configFile()}`);
    expect((await household(['config', 'set', 'store', box.store])).code).toBe(0);
    expect(statSync(configFile()).mode & 0o777).toBe(0o600);
    expect(await household(['users', 'list'])).toMatchObject({ code: 0, stdout: 'alice\tadmin\tno\t-\n' });
  });

  test('the default store with no config file: users list and the completion call make nothing (no config folder) and never load conf', async () => {
    // The store where a call without --store finds it.
    const store = join(box.env.XDG_DATA_HOME, 'household', 'household.json');
    expect((await run(['--store', store, 'init', '--admin', 'alice', '--stdin'], { env: box.env, input: 'alice-password\nalice-password\n\n\n' })).code).toBe(0);
    rmSync(box.env.XDG_CONFIG_HOME, { recursive: true, force: true });
    // A copy of the CLI without node_modules: a command that loaded conf would fail there.
    for (const args of [['users', 'list'], ['--no-input', 'users', 'list'], ['config', 'get', 'store']]) {
      const result = spawnSync(process.execPath, [binAnyUserCanRun(), ...args], { env: { PATH: process.env.PATH, ...box.env }, encoding: 'utf8', input: '' });
      expect([result.status, result.stderr]).toEqual([0, args[2] === 'store' ? 'store is not set: household uses --store, $HOUSEHOLD_STORE or the default data folder\n' : '']);
      if (args[2] !== 'store') expect(result.stdout).toBe('alice\tadmin\tno\t-\n');
    }
    const json = await household(['users', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([{ name: 'alice', kind: 'admin', pinRequired: false, restriction: null, allowedNow: true }]);
    expect(readdirSync(box.dir).sort()).toEqual(['xdg-data']);
  });

  test.each([
    ['not JSON, holding a key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc {', 'it is not valid JSON', ['sk_live', '4eC39', 'HqLyjW']],
    ['a store that is a number', '{"store": 5}', 'its store value is not a path (a non-empty string)', ['5']],
    ['a store that is empty', '{"store": ""}', 'its store value is not a path (a non-empty string)', ['""']],
    ['a list', '["hunter2"]', 'its store value is not a path (a non-empty string)', ['hunter2']],
  ])('%s: 78 naming the file without its contents; config unset store and config set store repair it', async (_what, content, problem, fragments) => {
    mkdirSync(dirname(configFile()), { recursive: true, mode: 0o700 });
    writeFileSync(configFile(), content, { mode: 0o600 });
    for (const args of [['users', 'list'], ['config', 'get', 'store'], ['pin', 'remove', '--all-managed']]) {
      const result = await household(args);
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(`household: the config file ${configFile()} is unusable: ${problem}`);
      expect(result.stderr).toContain('household config unset store (or config set store PATH) rewrites it');
      for (const fragment of fragments) expect(without(result.stderr, configFile())).not.toContain(fragment);
    }
    expect(readFileSync(configFile(), 'utf8')).toBe(content);

    const unset = await household(['config', 'unset', 'store']);
    expect([unset.code, unset.stderr]).toEqual([0, 'the default store preference is unset\n']);
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({});
    // Repaired: the default store is used now (there is none yet: 66, not 78).
    expect((await household(['users', 'list'])).code).toBe(66);

    writeFileSync(configFile(), content, { mode: 0o600 });
    const set = await household(['config', 'set', 'store', box.store]);
    expect(set.code).toBe(0);
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({ store: box.store });
    await box.init();
    const list = await household(['users', 'list']);
    expect([list.code, list.stdout]).toEqual([0, 'alice\tadmin\tno\t-\n']);
  });
});
