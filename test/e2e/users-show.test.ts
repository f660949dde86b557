import { Sandbox } from './cli.js';
import { fixture, hashSecrets, later, writtenStoreOf } from './written-stores.js';

/** `users show` from the built CLI, on a store written in a chosen lockout state. */
beforeAll(hashSecrets);

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { writeStore } = writtenStoreOf(() => box);

describe('users show', () => {
  test('users show: one field a line, and --json with the lockout of each kind (password null for managed)', async () => {
    const until = later();
    writeStore(fixture({ alicePin: { count: 6, coolingOffUntil: until }, alicePassword: { count: 2, coolingOffUntil: '2020-01-01T00:00:00.000Z' }, kidPin: { count: 100, coolingOffUntil: null } }));
    const plain = await box.run(['users', 'show', 'ALICE']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(
      [
        'name:              alice',
        'kind:              admin',
        'PIN:               yes',
        'restriction:       -',
        'e-mail:            alice@example.org',
        'PIN failures:      6 in a row',
        `PIN checks:        cooling off until ${until.slice(0, 10)} ${until.slice(11, 19)}`,
        'password failures: 2 in a row',
        'password checks:   open',
        // The fixture's hashes were made without a key.
        'PIN keyed:         no (made again with the key at its next right proof)',
        'password keyed:    no (made again with the key at its next right proof)',
        '',
      ].join('\n'),
    );
    const json = await box.run(['users', 'show', 'alice', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      name: 'alice',
      kind: 'admin',
      pinRequired: true,
      restriction: null,
      email: 'alice@example.org',
      lockout: {
        pin: { failures: 6, coolingOffUntil: until, disabled: false },
        // An expired cooling-off is null.
        password: { failures: 2, coolingOffUntil: null, disabled: false },
      },
      // No allowed hours: always allowed, in the zone init recorded (the machine's).
      hours: null,
      timeZone: expect.any(String),
      allowedNow: true,
      nextChange: null,
      grantUntil: null,
      keyed: { pin: false, password: false },
    });
    const kid = await box.run(['users', 'show', 'kid1', '--json']);
    expect(JSON.parse(kid.stdout)).toEqual({
      name: 'kid1',
      kind: 'managed',
      pinRequired: true,
      restriction: 'teen',
      email: null,
      lockout: { pin: { failures: 100, coolingOffUntil: null, disabled: true }, password: null },
      // No allowed hours: always allowed, in the zone init recorded (the machine's).
      hours: null,
      timeZone: expect.any(String),
      allowedNow: true,
      nextChange: null,
      grantUntil: null,
      keyed: { pin: false, password: null },
    });
    const kidPlain = (await box.run(['users', 'show', 'kid1'])).stdout;
    expect(kidPlain).toContain('PIN checks:        disabled until household users unlock\n');
    expect(kidPlain).toContain('password failures: none (a managed account has no password)\n');
    expect(json.stdout + plain.stdout).not.toContain('$argon2');
    expect((await box.run(['users', 'show', 'nobody'])).code).toBe(67);
  });
});
