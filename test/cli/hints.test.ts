import { householdOn, outcomeOf } from '../../src/cli/errors.js';
import { account, household, legacyHousehold } from '../fakes/households.js';
import { ensureRoomFor, findAccount, requireAccount, type Household } from '../../src/domain/accounts.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { checkRefusal, wrongSecretError } from '../../src/domain/lockout.js';
import { ensureCanAddManaged } from '../../src/domain/rules.js';
import { unlockRun } from '../../src/commands/users/unlock.js';
import { pinVerifyRun } from '../../src/commands/pin/verify.js';
import { Output } from '../../src/io/output.js';
import { FileStore } from '../../src/store/file-store.js';
import { TEST_ACTOR, testContext } from '../fakes/context.js';
import { failure, refusalOf } from '../fakes/refusals.js';

/**
 * Every hint that shows a command line names the store the failing command line named with --store, so
 * that the hint run as shown acts on the same household (not the default store, root's under sudo, or
 * another household's account of the same name). The path is quoted for a POSIX shell.
 */
const STORE = "/srv/our home/it's.json";
const ON_STORE = `household --store '/srv/our home/it'\\''s.json'`;
const NOW = Date.parse('2026-12-02T07:00:00Z');

/** The hint as printed for a command line that named STORE with --store, and for one that named none. */
function hints(error: unknown): [string | undefined, string | undefined] {
  return [outcomeOf(error, 'household', householdOn(STORE)).failure?.hint, outcomeOf(error).failure?.hint];
}

/** What a handler threw. */
async function thrown(run: () => Promise<void>): Promise<HouseholdError> {
  const error = await failure(run());
  expect(error).toBeInstanceOf(HouseholdError);
  return error as HouseholdError;
}

const kidOne = { name: 'kid one', kind: 'managed' } as const;
const bob = { name: 'bob', kind: 'member' } as const;

function full(): Household {
  const h = household();
  for (let i = h.accounts.length; i < 15; i += 1) h.accounts.push(account(`kid${i}`, 'managed'));
  return h;
}

function withKidOne(): Household {
  const h = household();
  h.accounts.push(account('kid one', 'managed'));
  return h;
}

describe('householdOn: how a hint command line begins', () => {
  test.each([
    [undefined, 'household'],
    ['/srv/h.json', 'household --store /srv/h.json'],
    ['rel/h.json', 'household --store rel/h.json'],
    ['/srv/our home/h.json', "household --store '/srv/our home/h.json'"],
    ["/srv/it's/h.json", `household --store '/srv/it'\\''s/h.json'`],
    ['/srv/$HOME;rm -rf `x`/h.json', "household --store '/srv/$HOME;rm -rf `x`/h.json'"],
  ])('%j: %s', (store, expected) => {
    expect(householdOn(store)).toBe(expected);
  });
});

describe('every hint that names a command carries --store PATH when the command line had one', () => {
  test.each<[string, () => Promise<unknown> | unknown, string]>([
    ['NO_STORE', () => failure(new FileStore(async () => '/nowhere/h.json', { now: () => NOW, actor: () => TEST_ACTOR }).read()), 'create one with: household init --admin NAME (or name another store with --store PATH)'],
    ['NO_ACCOUNT (any command)', () => refusalOf(() => requireAccount(household(), 'nobody')), 'household users list shows every account'],
    ['INVALID_NAME (a name that fits two accounts)', () => refusalOf(() => findAccount(legacyHousehold(), 'ＳＴＲＡＳＳＥ')), 'type the name exactly as household users list shows it'],
    ['HOUSEHOLD_FULL', () => refusalOf(() => ensureRoomFor(full(), 'new')), 'household users remove NAME makes room'],
    ['REFUSED by the plan rule', () => refusalOf(() => ensureCanAddManaged('free')), 'household plan set pass'],
    ['DISABLED PIN, managed', () => checkRefusal(kidOne, 'pin', { count: 100, coolingOffUntil: null }, NOW), "an operator can clear it with: household users unlock 'kid one' --pin"],
    ['DISABLED PIN, member', () => checkRefusal(bob, 'pin', { count: 100, coolingOffUntil: null }, NOW), 'an operator can clear it with: household users unlock bob --pin; or reset the PIN with the password: household pin reset bob'],
    ['DISABLED password', () => checkRefusal(bob, 'password', { count: 100, coolingOffUntil: null }, NOW), 'an operator can clear it with: household users unlock bob --password'],
    ['COOLING_OFF PIN, managed', () => checkRefusal(kidOne, 'pin', { count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() }, NOW), "an operator can clear it with: household users unlock 'kid one' --pin"],
    ['COOLING_OFF PIN, member', () => checkRefusal(bob, 'pin', { count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() }, NOW), 'a forgotten PIN can be reset with the account password: household pin reset bob'],
    ['WRONG_PIN that starts a cooling-off', () => wrongSecretError(kidOne, 'pin', { count: 5, coolingOffUntil: null }), "an operator can clear it with: household users unlock 'kid one' --pin"],
    ['WRONG_PASSWORD that disables', () => wrongSecretError(bob, 'password', { count: 100, coolingOffUntil: null }), 'an operator can clear it with: household users unlock bob --password'],
    [
      'INVALID_CHANGE (users unlock --password on a managed account)',
      () => { const ctx = testContext({ household: withKidOne() }); return thrown(() => unlockRun(ctx, { name: 'kid one', pin: false, password: true })); },
      "household users unlock 'kid one' --pin",
    ],
    ['NO_ACCOUNT (pin verify)', () => { const ctx = testContext({ household: household() }); return thrown(() => pinVerifyRun(ctx, { name: 'nobody', requirePin: false })); }, 'household users list shows every account'],
    ['NO_PIN (pin verify --require-pin)', () => { const ctx = testContext({ household: withKidOne() }); return thrown(() => pinVerifyRun(ctx, { name: 'kid one', requirePin: true })); }, "set one with: household pin set 'kid one'"],
    [
      'OUTPUT_FAILED',
      () => {
        const broken = { write: () => { throw Object.assign(new Error('no space'), { code: 'ENOSPC' }); } };
        const output = new Output({ stdout: broken, stderr: broken, stdoutIsTTY: false, stderrIsTTY: false }, { json: false, colorAllowed: false });
        return refusalOf(() => output.result({}, 'removed the PIN of kid1'));
      },
      'household users show NAME or household log shows the result',
    ],
  ])('%s', async (_what, make, plain) => {
    const error = await make();
    expect(error).toBeInstanceOf(HouseholdError);
    expect(hints(error)).toEqual([plain.replaceAll('household ', `${ON_STORE} `), plain]);
  });

  test('hints that show no command line are the same either way', () => {
    const error = refusalOf(() => requireAccount(household(), 'nobody'));
    expect(outcomeOf(new HouseholdError('DUPLICATE_NAME', 'taken', 'names are unique'), 'household', ON_STORE).failure?.hint).toBe('names are unique');
    expect(outcomeOf(error, 'household', 'household').failure?.hint).toBe('household users list shows every account');
  });

  test('a usage error points at the help, which reads no store: no --store in it', () => {
    const error = Object.assign(new Error("error: unknown option '--x'"), { code: 'commander.unknownOption', exitCode: 1 });
    expect(outcomeOf(error, 'household pin set', ON_STORE).failure?.hint).toBe('see household pin set --help');
  });
});
