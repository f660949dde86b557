import { initRun } from '../../src/commands/init.js';
import { listRun } from '../../src/commands/users/list.js';
import { addRun } from '../../src/commands/users/add.js';
import { removeRun } from '../../src/commands/users/remove.js';
import { planSetRun } from '../../src/commands/plan/set.js';
import { configRun } from '../../src/commands/config.js';
import { account, household } from '../fakes/households.js';
import { FakeHasher, MemoryStore, attempt, testContext } from '../fakes/context.js';

describe('init', () => {
  const answers: Array<[string, string]> = [
    ['Password for Alice', 'correct horse'],
    ['Password for Alice again', 'correct horse'],
  ];

  test('asks the password twice and an optional PIN; empty PIN means none', async () => {
    const ctx = testContext({ answers: [...answers, ['New PIN for Alice', '']] });
    ctx.store = new MemoryStore();
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free', email: 'alice@example.org' }))).toBeUndefined();
    const created = ctx.store.current();
    expect(created.plan).toBe('free');
    expect(created.accounts).toEqual([
      expect.objectContaining({ name: 'Alice', kind: 'admin', email: 'alice@example.org', pinHash: null, passwordHash: FakeHasher.hashOf('correct horse') }),
    ]);
    expect(ctx.stderr.text).toBe('created the household at /memory/household.json: admin Alice, plan free, without a PIN\n');
    expect(ctx.prompter.asked.at(-1)).toBe('New PIN for Alice');
  });

  test('with a PIN, asks it twice; --json describes what was created without a secret', async () => {
    const ctx = testContext({ answers: [...answers, ['New PIN for Alice', '2580'], ['New PIN for Alice again', '2580']], json: true });
    ctx.store = new MemoryStore();
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'pass' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ created: '/memory/household.json', admin: 'Alice', plan: 'pass', pinRequired: true });
    expect(ctx.store.current().accounts[0].pinHash).toBe(FakeHasher.hashOf('2580'));
  });

  test.each([
    [[['Password for Alice', 'short']], 'INVALID_PASSWORD', 65],
    [[...answers.slice(0, 1), ['Password for Alice again', 'correct horsE']], 'PASSWORD_MISMATCH', 65],
    [[...answers, ['New PIN for Alice', '12345']], 'INVALID_PIN', 65],
    [[...answers, ['New PIN for Alice', '1234'], ['New PIN for Alice again', '4321']], 'PIN_MISMATCH', 65],
  ] as Array<[Array<[string, string]>, string, number]>)('bad secrets create nothing: %j', async (script, code, exitCode) => {
    const ctx = testContext({ answers: script });
    ctx.store = new MemoryStore();
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }));
    expect([error?.code, error?.exitCode]).toEqual([code, exitCode]);
    expect(ctx.store.text).toBeUndefined();
  });

  test('an existing store is 73 before anything is asked', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }));
    expect([error?.code, error?.exitCode]).toEqual(['STORE_EXISTS', 73]);
  });

  test.each(['', 'a'.repeat(33), 'tab\there', 'bell\u0007'])('an invalid admin name %j is 65', async (name) => {
    const ctx = testContext();
    ctx.store = new MemoryStore();
    expect((await attempt(ctx, () => initRun(ctx, { admin: name, plan: 'free' })))?.exitCode).toBe(65);
  });

  test('an invalid e-mail is 65', async () => {
    const ctx = testContext();
    ctx.store = new MemoryStore();
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free', email: 'not an address' }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_EMAIL', 65]);
  });
});

describe('users list', () => {
  test('piped: one tab-separated line per account, no header, no colour', async () => {
    const ctx = testContext({ household: household({ alice: '1111' }) });
    await listRun(ctx);
    expect(ctx.stdout.text).toBe('alice\tadmin\tyes\t-\nbob\tmember\tno\t-\nkid1\tmanaged\tno\tyounger-kid\nkid2\tmanaged\tno\t-\n');
  });

  test('--json: one object per account, restriction null unless set, never a hash', async () => {
    const ctx = testContext({ household: household({ kid1: '1111' }), json: true });
    await listRun(ctx);
    expect(JSON.parse(ctx.stdout.text)).toEqual([
      { name: 'alice', kind: 'admin', pinRequired: false, restriction: null, allowedNow: true },
      { name: 'bob', kind: 'member', pinRequired: false, restriction: null, allowedNow: true },
      { name: 'kid1', kind: 'managed', pinRequired: true, restriction: 'younger-kid', allowedNow: true },
      { name: 'kid2', kind: 'managed', pinRequired: false, restriction: null, allowedNow: true },
    ]);
    expect(ctx.stdout.text).not.toContain('argon2');
  });

  test('on a terminal: a table with the four headings; colour only when allowed', async () => {
    const plain = testContext({ household: household(), tty: true });
    await listRun(plain);
    expect(plain.stdout.text).toMatch(/NAME.*KIND.*PIN.*RESTRICTION/);
    expect(plain.stdout.text).toMatch(/kid1 +│ managed +│ no +│ younger-kid/);
    expect(plain.stdout.text).not.toContain('\u001b[');
    const coloured = testContext({ household: household(), tty: true, color: true });
    await listRun(coloured);
    expect(coloured.stdout.text).toContain('\u001b[1mNAME');
  });

  test('no store is 66 with a hint to init', async () => {
    const ctx = testContext();
    const error = await attempt(ctx, () => listRun(ctx));
    expect(error?.exitCode).toBe(66);
  });
});

describe('users add', () => {
  test('a managed account on plan pass, with its restriction', async () => {
    const ctx = testContext({ household: household(), json: true });
    expect(await attempt(ctx, () => addRun(ctx, { name: 'Kid3', kind: 'managed', restriction: 'teen' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ added: { name: 'Kid3', kind: 'managed', pinRequired: false, restriction: 'teen' } });
    expect(ctx.store.current().accounts.at(-1)).toEqual(account('Kid3', 'managed', { restriction: 'teen' }));
  });

  test('a managed account on plan free is refused by the plan rule (77)', async () => {
    const ctx = testContext({ household: household({}, 'free') });
    const error = await attempt(ctx, () => addRun(ctx, { name: 'kid3', kind: 'managed', restriction: 'none' }));
    expect([error?.code, error?.exitCode]).toEqual(['REFUSED', 77]);
    expect(error?.message).toContain('plan');
    expect(error?.hint).toBe('household plan set pass');
  });

  test('a member: password asked twice, stored only as a hash', async () => {
    const ctx = testContext({ household: household(), answers: [['Password for carol', 'carols secret'], ['Password for carol again', 'carols secret']] });
    expect(await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }))).toBeUndefined();
    expect(ctx.store.current().accounts.at(-1)?.passwordHash).toBe(FakeHasher.hashOf('carols secret'));
    expect(ctx.stderr.text).toBe('added member account carol\n');
  });

  test('a name taken without regard to case is 73, before the password is typed', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => addRun(ctx, { name: 'BOB', kind: 'member' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['DUPLICATE_NAME', 73, 'an account named bob already exists']);
  });

  test('the 16th account is 73', async () => {
    const h = household();
    for (let i = h.accounts.length; i < 15; i += 1) h.accounts.push(account(`k${i}`, 'managed'));
    const ctx = testContext({ household: h });
    const error = await attempt(ctx, () => addRun(ctx, { name: 'one-too-many', kind: 'managed', restriction: 'none' }));
    expect([error?.code, error?.exitCode]).toEqual(['HOUSEHOLD_FULL', 73]);
  });

  test('a name that became taken while the password was typed is still refused under the lock', async () => {
    const ctx = testContext({ household: household(), answers: [['Password for carol', 'carols secret'], ['Password for carol again', 'carols secret']] });
    ctx.store.beforeNextUpdate = (h) => h.accounts.push(account('Carol', 'managed'));
    const error = await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }));
    expect(error?.code).toBe('DUPLICATE_NAME');
    expect(ctx.store.current().accounts.filter((a) => a.name.toLowerCase() === 'carol')).toHaveLength(1);
  });
});

describe('users remove', () => {
  test('removes an account found without regard to case', async () => {
    const ctx = testContext({ household: household(), json: true });
    expect(await attempt(ctx, () => removeRun(ctx, { name: 'KID1' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: 'kid1' });
    expect(ctx.store.current().accounts.map((a) => a.name)).toEqual(['alice', 'bob', 'kid2']);
  });

  test('never the admin (77)', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => removeRun(ctx, { name: 'alice' }));
    expect([error?.code, error?.exitCode]).toEqual(['REFUSED', 77]);
    expect(ctx.store.writes).toBe(0);
  });

  test('an unknown name is 67', async () => {
    const ctx = testContext({ household: household() });
    expect((await attempt(ctx, () => removeRun(ctx, { name: 'ghost' })))?.exitCode).toBe(67);
  });
});

describe('plan set and config', () => {
  test('plan set changes the plan; managed accounts stay', async () => {
    const ctx = testContext({ household: household(), json: true });
    await planSetRun(ctx, { plan: 'free' });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ plan: 'free', previous: 'pass' });
    expect(ctx.store.current().accounts.filter((a) => a.kind === 'managed')).toHaveLength(2);
  });

  test('config set, get and unset the store preference', async () => {
    const ctx = testContext();
    await configRun(ctx, { action: 'set', key: 'store', value: 'homes/main.json', cwd: '/srv' });
    expect(ctx.preferences.values.store).toBe('/srv/homes/main.json');
    await configRun(ctx, { action: 'get', key: 'store', cwd: '/srv' });
    expect(ctx.stdout.text).toBe('/srv/homes/main.json\n');
    await configRun(ctx, { action: 'unset', key: 'store', cwd: '/srv' });
    expect(ctx.preferences.values.store).toBeUndefined();
  });

  test('config knows only store (64)', async () => {
    const ctx = testContext();
    const error = await attempt(ctx, () => configRun(ctx, { action: 'get', key: 'colour', cwd: '/' }));
    expect(error?.exitCode).toBe(64);
  });
});
