import { jest } from '@jest/globals';
import { initRun } from '../../src/commands/init.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { FakeHasher, MemoryStore, attempt, recoveryNote, shownCodes, testContext, testKey } from '../fakes/context.js';
import { household } from '../fakes/households.js';
import { NO_TERMINAL } from '../fakes/lookups.js';

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
      expect.objectContaining({ name: 'Alice', kind: 'admin', email: 'alice@example.org', pinHash: null, passwordHash: FakeHasher.hashOf('correct horse', FakeHasher.CURRENT, testKey(1).bytes) }),
    ]);
    expect(ctx.stderr.text).toBe(`created the household at /memory/household.json: admin Alice, plan free, without a PIN\n${recoveryNote('Alice', ctx)}`);
    expect(ctx.prompter.asked.at(-1)).toBe('New PIN for Alice');
  });

  test('with a PIN, asks it twice; --json describes what was created without a secret', async () => {
    const ctx = testContext({ answers: [...answers, ['New PIN for Alice', '2580'], ['New PIN for Alice again', '2580']], json: true });
    ctx.store = new MemoryStore();
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'pass' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ created: '/memory/household.json', admin: 'Alice', plan: 'pass', pinRequired: true, recoveryCodes: shownCodes(ctx) });
    expect(ctx.store.current().accounts[0].pinHash).toBe(FakeHasher.hashOf('2580', FakeHasher.CURRENT, testKey(1).bytes));
  });

  test.each([
    [[['Password for Alice', 'short']], 'INVALID_PASSWORD', 65],
    [[...answers.slice(0, 1), ['Password for Alice again', 'correct horsE']], 'PASSWORD_MISMATCH', 65],
    [[...answers, ['New PIN for Alice', '12345']], 'INVALID_PIN', 65],
    [[...answers, ['New PIN for Alice', '4829'], ['New PIN for Alice again', '2857']], 'PIN_MISMATCH', 65],
  ] as Array<[Array<[string, string]>, string, number]>)('bad secrets create nothing: %j', async (script, code, exitCode) => {
    const ctx = testContext({ answers: script });
    ctx.store = new MemoryStore();
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }));
    expect([error?.code, error?.exitCode]).toEqual([code, exitCode]);
    expect(ctx.store.text).toBeUndefined();
  });

  test('a store that cannot be made (another init won meanwhile): its error, and the key file just made is taken away', async () => {
    const ctx = testContext({ answers: [...answers, ['New PIN for Alice', '']] });
    ctx.store = new MemoryStore();
    jest.spyOn(ctx.store, 'create').mockRejectedValue(new HouseholdError('STORE_EXISTS', 'something already exists at /memory/household.json'));
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }));
    expect([error?.code, error?.exitCode]).toEqual(['STORE_EXISTS', 73]);
    expect([...ctx.keys.files.keys()]).toEqual([]);
    expect(ctx.stderr.text).toBe('');
  });

  test('another init that made its store meanwhile, with its own key file: 73, and the key file this one made is taken away', async () => {
    const ctx = testContext({ answers: [...answers, ['New PIN for Alice', '']] });
    const store = new MemoryStore();
    ctx.store = store;
    const made = store.create.bind(store);
    jest.spyOn(store, 'create').mockImplementation(async (_household, line) => {
      await made({ ...household(), keyFile: '/keys/theirs.key' }, line);
      return made(_household, line);
    });
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }));
    expect([error?.code, error?.exitCode]).toEqual(['STORE_EXISTS', 73]);
    expect([store.current().keyFile, [...ctx.keys.files.keys()]]).toEqual(['/keys/theirs.key', []]);
  });

  test('a store made whose folder could not be flushed: that 74, and the key file it names stays', async () => {
    const ctx = testContext({ answers: [...answers, ['New PIN for Alice', '']] });
    const store = new MemoryStore();
    ctx.store = store;
    const made = store.create.bind(store);
    const flush = new HouseholdError('IO_ERROR', 'made the store at /memory/household.json, but its folder could not be flushed to disk (EIO): a power cut could still undo it');
    jest.spyOn(store, 'create').mockImplementation(async (household, line) => {
      await made(household, line);
      throw flush;
    });
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }))).toBe(flush);
    expect([...ctx.keys.files.keys()]).toEqual([store.current().keyFile]);
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

describe('init', () => {
  const PASSWORD: Array<[string, string]> = [
    ['Password for Alice', 'correct horse'],
    ['Password for Alice again', 'correct horse'],
  ];

  test('without a way to ask: 64 naming the first secret it needs, and nothing created', async () => {
    const ctx = testContext({ canAsk: false });
    ctx.store = new MemoryStore();
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (Admin password) and ${NO_TERMINAL}`]);
    expect(ctx.store.text).toBeUndefined();
  });

  test('--json without a PIN: pinRequired false', async () => {
    const ctx = testContext({ answers: [...PASSWORD, ['New PIN for Alice', '']], json: true });
    ctx.store = new MemoryStore();
    await initRun(ctx, { admin: 'Alice', plan: 'pass' });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ created: '/memory/household.json', admin: 'Alice', plan: 'pass', pinRequired: false, recoveryCodes: shownCodes(ctx) });
  });

  test('with a PIN: the line says so', async () => {
    const ctx = testContext({ answers: [...PASSWORD, ['New PIN for Alice', '2580'], ['New PIN for Alice again', '2580']] });
    ctx.store = new MemoryStore();
    await initRun(ctx, { admin: 'Alice', plan: 'pass' });
    expect(ctx.stderr.text).toBe(`created the household at /memory/household.json: admin Alice, plan pass, with a PIN\n${recoveryNote('Alice', ctx)}`);
  });
});
