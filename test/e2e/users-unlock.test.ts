import { Sandbox } from './cli.js';
import { fixture, hashSecrets, later, open, writtenStoreOf } from './written-stores.js';

/** `users unlock` from the built CLI, on a store written with every kind locked out. */
beforeAll(hashSecrets);

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { writeStore, storeText, stored, logLines } = writtenStoreOf(() => box);

describe('users unlock', () => {
  test('users unlock: both kinds by default, one with --pin or --password, a managed account has only its PIN', async () => {
    const locked = () => ({ count: 6, coolingOffUntil: later() });
    writeStore(fixture({ alicePin: locked(), alicePassword: locked(), bobPin: locked(), bobPassword: locked(), kidPin: { count: 100, coolingOffUntil: null } }));
    const failuresOf = (name: string) => stored().accounts.find((a) => a.name === name)!.failures;

    const both = await box.run(['users', 'unlock', 'alice', '--json']);
    expect([both.code, JSON.parse(both.stdout)]).toEqual([0, { unlocked: 'alice', kinds: ['pin', 'password'] }]);
    expect(failuresOf('alice')).toEqual({ pin: open(), password: open() });

    const bobPassword = await box.run(['users', 'unlock', 'bob', '--password']);
    expect([bobPassword.code, bobPassword.stderr]).toEqual([0, 'cleared the password failures of bob\n']);
    expect(failuresOf('bob').password).toEqual(open());
    expect(failuresOf('bob').pin.count).toBe(6);
    const bobPin = await box.run(['users', 'unlock', 'bob', '--pin', '--json']);
    expect(JSON.parse(bobPin.stdout)).toEqual({ unlocked: 'bob', kinds: ['pin'] });
    expect(failuresOf('bob').pin).toEqual(open());

    const before = storeText();
    const kidPassword = await box.run(['users', 'unlock', 'kid1', '--password', '--json']);
    expect(kidPassword.code).toBe(65);
    expect(JSON.parse(kidPassword.stderr).error).toMatchObject({ code: 'INVALID_CHANGE', message: 'kid1 is a managed account: it has no password to unlock' });
    expect(storeText()).toBe(before);
    const kid = await box.run(['users', 'unlock', 'kid1', '--json']);
    expect(JSON.parse(kid.stdout)).toEqual({ unlocked: 'kid1', kinds: ['pin'] });
    expect(failuresOf('kid1').pin).toEqual(open());
    expect(logLines().filter((line) => line.command === 'users unlock').map((line) => [line.account, line.details.kinds])).toEqual([
      ['alice', ['pin', 'password']],
      ['bob', ['password']],
      ['bob', ['pin']],
      ['kid1', ['pin']],
    ]);
  });
});
