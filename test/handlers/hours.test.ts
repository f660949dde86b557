import { jest } from '@jest/globals';
import { initRun } from '../../src/commands/init.js';
import { hoursCheckRun } from '../../src/commands/hours/check.js';
import { hoursGrantRun } from '../../src/commands/hours/grant.js';
import { command as revokeCommand, hoursRevokeRun } from '../../src/commands/hours/revoke.js';
import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { pinVerifyRun } from '../../src/commands/pin/verify.js';
import { command as timezoneCommand, timezoneRun } from '../../src/commands/timezone.js';
import { listRun } from '../../src/commands/users/list.js';
import { removeRun } from '../../src/commands/users/remove.js';
import { usersSetRun } from '../../src/commands/users/set.js';
import { showRun } from '../../src/commands/users/show.js';
import { unlockRun } from '../../src/commands/users/unlock.js';
import { findAccount, type Household } from '../../src/domain/accounts.js';
import { parseHoursSpec } from '../../src/domain/hours.js';
import { attempt, testContext, type TestContext } from '../fakes/context.js';
import { household } from '../fakes/households.js';

const RIGHT = '3728';
// The fake clock starts at 2026-01-01T12:00:00Z: Thursday 13:00 in Berlin, outside kid1's hours below.
const THURSDAY_1500_BERLIN = Date.parse('2026-01-01T14:00:00Z');

/** kid1 (PIN 3728) may be used Mo-Fr 15:00-19:30 Berlin time; kid2 has no hours. */
function withHours(zone: string | undefined = 'Europe/Berlin'): Household {
  const h = household({ kid1: RIGHT, alice: '2580' });
  if (zone !== undefined) h.timeZone = zone;
  findAccount(h, 'kid1')!.hours = parseHoursSpec('Mo-Fr 15:00-19:30');
  return h;
}

const kid1 = (ctx: TestContext) => findAccount(ctx.store.current(), 'kid1')!;
const lines = (ctx: TestContext) => ctx.store.log.map(({ command, account, outcome, exit }) => ({ command, account, outcome, exit }));

describe('users set --hours / --no-hours', () => {
  test('sets a managed account\'s windows, as the store and users set --json show them, audited', async () => {
    const ctx = testContext({ household: household(), json: true });
    await usersSetRun(ctx, { name: 'kid2', hours: 'weekends 09:00-21:00, Fr 20:00-01:00' });
    expect(kid1(ctx).hours).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'kid2')!.hours).toEqual([
      { days: ['sa', 'su'], start: '09:00', end: '21:00' },
      { days: ['fr'], start: '20:00', end: '01:00' },
    ]);
    expect(JSON.parse(ctx.stdout.text).updated.hours).toEqual(findAccount(ctx.store.current(), 'kid2')!.hours);
    expect(ctx.store.log[0]).toMatchObject({ command: 'users set', account: 'kid2', details: { hours: 'Sa-Su 09:00-21:00, Fr 20:00-01:00' } });
  });

  test.each(['alice', 'bob'])('on %s (not managed): 65, nothing changed', async (name) => {
    const ctx = testContext({ household: household() });
    const before = ctx.store.text;
    const error = await attempt(ctx, () => usersSetRun(ctx, { name, hours: 'daily 10:00-11:00' }));
    expect([error?.exitCode, error?.message]).toEqual([65, expect.stringMatching(/only managed accounts have allowed hours/)]);
    expect(ctx.store.text).toBe(before);
  });

  test('a bad SPEC: 65 naming the window, nothing changed', async () => {
    const ctx = testContext({ household: withHours() });
    const before = ctx.store.text;
    const error = await attempt(ctx, () => usersSetRun(ctx, { name: 'kid1', hours: 'Mo 10:00-11:00, Tu 12:00-12:00' }));
    expect([error?.exitCode, error?.message]).toEqual([65, 'invalid hours in the window "Tu 12:00-12:00": the start and the end are the same time']);
    expect(ctx.store.text).toBe(before);
  });

  test('--no-hours removes the hours and any grant: the account is always allowed again', async () => {
    const h = withHours();
    findAccount(h, 'kid1')!.grantUntil = '2026-01-01T13:00:00.000Z';
    const ctx = testContext({ household: h });
    await usersSetRun(ctx, { name: 'kid1', hours: null });
    expect(kid1(ctx)).not.toHaveProperty('hours');
    expect(kid1(ctx)).not.toHaveProperty('grantUntil');
    expect(ctx.store.text).not.toMatch(/"hours"|"grantUntil"/);
    expect(await attempt(ctx, () => hoursCheckRun(ctx, { name: 'kid1' }))).toBeUndefined();
  });
});

describe('the household time zone', () => {
  test('init records the machine zone', async () => {
    const ctx = testContext({ answers: [[/password/i, 'admin-password'], [/password/i, 'admin-password'], ['New PIN for alice', '']] });
    ctx.zones.machineZone = 'America/New_York';
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'alice', plan: 'pass' }))).toBeUndefined();
    expect(ctx.store.current().timeZone).toBe('America/New_York');
  });

  test('a store without one uses the machine zone until one is set; set is canonical and audited', async () => {
    const ctx = testContext({ household: household() });
    ctx.zones.machineZone = 'Asia/Tokyo';
    await timezoneRun(ctx, {});
    expect(ctx.stdout.text).toBe('Asia/Tokyo\n');
    await timezoneRun(ctx, { zone: 'europe/berlin' });
    expect(ctx.store.current().timeZone).toBe('Europe/Berlin');
    expect(ctx.store.text!.indexOf('"timeZone"')).toBeLessThan(ctx.store.text!.indexOf('"accounts"'));
    expect(lines(ctx)).toEqual([{ command: 'timezone', account: null, outcome: 'ok', exit: 0 }]);
    ctx.stdout.text = '';
    await timezoneRun(ctx, {});
    expect(ctx.stdout.text).toBe('Europe/Berlin\n');
  });

  test.each(['Mars/Olympus', '+01:00', 'Europe/Berlin; rm'])('an unknown zone %j: 65, nothing written', async (zone) => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => timezoneRun(ctx, { zone }));
    expect(error?.exitCode).toBe(65);
    expect(ctx.store.writes).toBe(0);
  });

  test('the hours follow the household zone: 13:00 in Berlin is 07:00 in New York', async () => {
    const berlin = testContext({ household: withHours('Europe/Berlin') });
    berlin.clock.time = Date.parse('2026-01-01T14:30:00Z'); // 15:30 Berlin, 09:30 New York
    expect(await attempt(berlin, () => hoursCheckRun(berlin, { name: 'kid1' }))).toBeUndefined();
    const york = testContext({ household: withHours('America/New_York') });
    york.clock.time = Date.parse('2026-01-01T14:30:00Z');
    expect((await attempt(york, () => hoursCheckRun(york, { name: 'kid1' })))?.code).toBe('OUTSIDE_HOURS');
  });
});

describe('pin verify outside the hours', () => {
  test.each([false, true])('refused before any PIN is asked (PAM: %s): 77 OUTSIDE_HOURS, nothing counted, audited', async (fromPam) => {
    // No scripted answer: a prompt would fail the test.
    const ctx = testContext({ household: withHours() });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', fromPam, requirePin: true }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['OUTSIDE_HOURS', 77, 'kid1 may use the account again at 15:00 on Thursday (Europe/Berlin)']);
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(kid1(ctx).failures.pin).toEqual({ count: 0, coolingOffUntil: null });
    expect(lines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'OUTSIDE_HOURS', exit: 77 }]);
    expect(ctx.store.log[0].details).toEqual({ nextAllowed: '2026-01-01T14:00:00.000Z', timeZone: 'Europe/Berlin' });
  });

  test('inside the window the PIN is asked and checked as ever', async () => {
    const ctx = testContext({ household: withHours(), answers: [['PIN for kid1', RIGHT]] });
    ctx.clock.time = THURSDAY_1500_BERLIN;
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: true }))).toBeUndefined();
    expect(lines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'ok', exit: 0 }]);
  });

  test('an account without hours is never refused by them, and costs no time zone work', async () => {
    const ctx = testContext({ household: withHours() });
    const within = jest.spyOn(ctx.zones, 'within');
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid2', requirePin: false }))).toBeUndefined();
    expect(within).not.toHaveBeenCalled();
  });
});

describe('hours check', () => {
  test('allowed: 0, a read (nothing written, no line)', async () => {
    const ctx = testContext({ household: withHours(), json: true });
    ctx.clock.time = THURSDAY_1500_BERLIN;
    expect(await attempt(ctx, () => hoursCheckRun(ctx, { name: 'kid1' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ account: 'kid1', allowedNow: true, nextChange: '2026-01-01T18:30:00.000Z' });
    expect([ctx.store.writes, ctx.store.log.length]).toEqual([0, 0]);
  });

  test.each(['alice', 'bob', 'kid2'])('%s has no hours: allowed', async (name) => {
    const ctx = testContext({ household: withHours() });
    expect(await attempt(ctx, () => hoursCheckRun(ctx, { name }))).toBeUndefined();
    expect(ctx.store.log).toEqual([]);
  });

  test('outside: 77 OUTSIDE_HOURS, one line, no secret asked', async () => {
    const ctx = testContext({ household: withHours() });
    const error = await attempt(ctx, () => hoursCheckRun(ctx, { name: 'KID1', fromPam: true }));
    expect([error?.code, error?.exitCode]).toEqual(['OUTSIDE_HOURS', 77]);
    expect(lines(ctx)).toEqual([{ command: 'hours check', account: 'kid1', outcome: 'OUTSIDE_HOURS', exit: 77 }]);
    expect(ctx.prompter.asked).toEqual([]);
  });

  test('an unknown NAME: 67; through PAM_USER: answered like a wrong PIN, logged without the name', async () => {
    const ctx = testContext({ household: withHours() });
    expect((await attempt(ctx, () => hoursCheckRun(ctx, { name: 'nobody' })))?.exitCode).toBe(67);
    const pam = await attempt(ctx, () => hoursCheckRun(ctx, { name: 'nobody', fromPam: true }));
    expect([pam?.code, pam?.exitCode, pam?.message]).toEqual(['WRONG_PIN', 77, 'wrong PIN for nobody']);
    expect(lines(ctx)).toEqual([
      { command: 'hours check', account: null, outcome: 'NO_ACCOUNT', exit: 67 },
      { command: 'hours check', account: null, outcome: 'WRONG_PIN', exit: 77 },
    ]);
    expect(JSON.stringify(ctx.store.log)).not.toContain('nobody');
    // A width variant is another system user: not kid1.
    expect((await attempt(ctx, () => hoursCheckRun(ctx, { name: 'ｋｉｄ１', fromPam: true })))?.code).toBe('WRONG_PIN');
  });
});

describe('grants', () => {
  test('--for 1h allows now, until it expires; --json', async () => {
    const ctx = testContext({ household: withHours(), json: true });
    await hoursGrantRun(ctx, { name: 'kid1', for: '1h' });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ granted: 'kid1', until: '2026-01-01T13:00:00.000Z' });
    expect(kid1(ctx).grantUntil).toBe('2026-01-01T13:00:00.000Z');
    expect(lines(ctx)).toEqual([{ command: 'hours grant', account: 'kid1', outcome: 'ok', exit: 0 }]);
    expect(await attempt(ctx, () => hoursCheckRun(ctx, { name: 'kid1' }))).toBeUndefined();
    ctx.clock.advance(60 * 60_000);
    expect((await attempt(ctx, () => hoursCheckRun(ctx, { name: 'kid1' })))?.code).toBe('OUTSIDE_HOURS');
  });

  test('--until HH:MM: the next such time in the household zone; a later grant replaces an earlier one', async () => {
    const ctx = testContext({ household: withHours() });
    await hoursGrantRun(ctx, { name: 'kid1', until: '21:00' });
    expect(kid1(ctx).grantUntil).toBe('2026-01-01T20:00:00.000Z');
    await hoursGrantRun(ctx, { name: 'kid1', until: '14:00' });
    expect(kid1(ctx).grantUntil).toBe('2026-01-01T13:00:00.000Z');
    await hoursGrantRun(ctx, { name: 'kid1', until: '12:00' });
    expect(kid1(ctx).grantUntil).toBe('2026-01-02T11:00:00.000Z');
  });

  test.each([
    [{ for: '25h' }, 65],
    [{ for: 'soon' }, 65],
    [{ until: '24:00' }, 65],
    [{ until: '7pm' }, 65],
    [{}, 64],
    [{ for: '1h', until: '21:00' }, 64],
  ])('%j: %d, nothing written', async (flags, code) => {
    const ctx = testContext({ household: withHours() });
    expect((await attempt(ctx, () => hoursGrantRun(ctx, { name: 'kid1', ...flags })))?.exitCode).toBe(code);
    expect(ctx.store.writes).toBe(0);
  });

  test.each([
    ['alice', 'alice is the admin: only managed accounts have allowed hours, and so grants'],
    ['bob', 'bob is a member account: only managed accounts have allowed hours, and so grants'],
    ['kid2', 'kid2 has no allowed hours: it may be used at any time, so there is nothing to grant'],
  ])('grant and revoke on %s (not managed with hours): 65', async (name, message) => {
    const ctx = testContext({ household: withHours() });
    const granted = await attempt(ctx, () => hoursGrantRun(ctx, { name, for: '1h' }));
    expect([granted?.exitCode, granted?.message]).toEqual([65, message]);
    expect((await attempt(ctx, () => hoursRevokeRun(ctx, { name })))?.exitCode).toBe(65);
    expect(ctx.store.writes).toBe(0);
  });

  test('revoke ends a grant, and is idempotent', async () => {
    const ctx = testContext({ household: withHours(), json: true });
    await hoursGrantRun(ctx, { name: 'kid1', for: '2h' });
    ctx.stdout.text = '';
    await hoursRevokeRun(ctx, { name: 'kid1' });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ revoked: 'kid1' });
    expect(kid1(ctx)).not.toHaveProperty('grantUntil');
    expect((await attempt(ctx, () => hoursCheckRun(ctx, { name: 'kid1' })))?.code).toBe('OUTSIDE_HOURS');
    expect(await attempt(ctx, () => hoursRevokeRun(ctx, { name: 'kid1' }))).toBeUndefined();
  });
});

test('nothing an operator does is refused by the hours', async () => {
  const ctx = testContext({ household: withHours(), answers: [['New PIN for kid1', '4826'], ['New PIN for kid1 again', '4826']] });
  expect((await hoursCheckRun(ctx, { name: 'kid1' }).catch((error: Error) => error))).toMatchObject({ code: 'OUTSIDE_HOURS' });
  await usersSetRun(ctx, { name: 'kid1', restriction: 'teen' });
  await pinSetRun(ctx, { name: 'kid1' });
  await pinRemoveRun(ctx, { names: ['kid1'], allManaged: false });
  await unlockRun(ctx, { name: 'kid1', pin: false, password: false });
  await hoursGrantRun(ctx, { name: 'kid1', for: '30m' });
  await hoursRevokeRun(ctx, { name: 'kid1' });
  await removeRun(ctx, { name: 'kid1' });
  expect(findAccount(ctx.store.current(), 'kid1')).toBeUndefined();
});

describe('users show and users list', () => {
  test('show: the hours lines, and --json fields', async () => {
    const h = withHours();
    findAccount(h, 'kid1')!.grantUntil = '2026-01-01T13:30:00.000Z';
    const text = testContext({ household: h });
    await showRun(text, { name: 'kid1' });
    expect(text.stdout.text).toContain('hours:             Mo-Fr 15:00-19:30 (Europe/Berlin)\nnow:               allowed until 14:30\ngrant:             until 14:30\n');
    const json = testContext({ household: h, json: true });
    await showRun(json, { name: 'kid1' });
    expect(JSON.parse(json.stdout.text)).toMatchObject({
      hours: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], start: '15:00', end: '19:30' }],
      timeZone: 'Europe/Berlin',
      allowedNow: true,
      nextChange: '2026-01-01T13:30:00.000Z',
      grantUntil: '2026-01-01T13:30:00.000Z',
    });
  });

  test('show of hours that cover every minute: allowed, with no time it ends', async () => {
    const h = withHours();
    findAccount(h, 'kid1')!.hours = parseHoursSpec('daily 00:00-24:00');
    const ctx = testContext({ household: h });
    await showRun(ctx, { name: 'kid1' });
    expect(ctx.stdout.text).toContain('hours:             daily 00:00-24:00 (Europe/Berlin)\nnow:               allowed\n');
  });

  test('show outside the hours, and for an account without any', async () => {
    const ctx = testContext({ household: withHours() });
    await showRun(ctx, { name: 'kid1' });
    expect(ctx.stdout.text).toContain('now:               not allowed; next at 15:00 on Thursday\n');
    expect(ctx.stdout.text).not.toContain('grant:');
    const json = testContext({ household: withHours(), json: true });
    await showRun(json, { name: 'alice' });
    expect(JSON.parse(json.stdout.text)).toMatchObject({ hours: null, timeZone: 'Europe/Berlin', allowedNow: true, nextChange: null, grantUntil: null });
  });

  test('list --json gains allowedNow; the piped columns do not change', async () => {
    const json = testContext({ household: withHours(), json: true });
    await listRun(json);
    expect(JSON.parse(json.stdout.text).map((a: { name: string; allowedNow: boolean }) => [a.name, a.allowedNow])).toEqual([
      ['alice', true],
      ['bob', true],
      ['kid1', false],
      ['kid2', true],
    ]);
    const piped = testContext({ household: withHours() });
    await listRun(piped);
    expect(piped.stdout.text.split('\n')[2]).toBe('kid1\tmanaged\tyes\tyounger-kid');
  });
});

describe('hours revoke, check, grant and timezone: their lines', () => {
  const details = (ctx: TestContext) => ctx.store.log.map(({ command, account, details }) => [command, account, details]);

  test.each([
    ['a grant in force', '2026-01-01T13:00:00.000Z', true, 'ended the grant of kid1: its hours apply again'],
    ['a grant that ended an hour ago', '2026-01-01T11:00:00.000Z', false, 'kid1 has no grant in force; its hours apply'],
    ['a grant that ends this very moment', '2026-01-01T12:00:00.000Z', false, 'kid1 has no grant in force; its hours apply'],
  ])('revoke with %s: the line says so, the log says hadGrant %s, no grant is left', async (_what, until, had, said) => {
    const h = withHours();
    if (until !== undefined) findAccount(h, 'kid1')!.grantUntil = until;
    const ctx = testContext({ household: h });
    expect(await attempt(ctx, () => hoursRevokeRun(ctx, { name: 'KID1' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe(`${said}\n`);
    expect(details(ctx)).toEqual([['hours revoke', 'kid1', { hadGrant: had }]]);
    expect(ctx.store.log.map(({ outcome, exit }) => [outcome, exit])).toEqual([['ok', 0]]);
    expect(kid1(ctx)).not.toHaveProperty('grantUntil');
  });

  test('revoke with no grant: the line says so; nothing to change, so nothing written and no line in the log', async () => {
    const ctx = testContext({ household: withHours() });
    expect(await attempt(ctx, () => hoursRevokeRun(ctx, { name: 'kid1' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('kid1 has no grant in force; its hours apply\n');
    expect([ctx.store.writes, ctx.store.log]).toEqual([0, []]);
  });

  test('check inside the hours: the line names the account as stored; a read, nothing written', async () => {
    const ctx = testContext({ household: withHours() });
    ctx.clock.time = THURSDAY_1500_BERLIN;
    expect(await attempt(ctx, () => hoursCheckRun(ctx, { name: 'Kid1' }))).toBeUndefined();
    expect([ctx.stdout.text, ctx.stderr.text, ctx.store.writes]).toEqual(['', 'kid1 may use the account now\n', 0]);
  });

  test('check of an unknown name: the hint lists the accounts; the line has no details, through PAM only that none exists', async () => {
    const ctx = testContext({ household: withHours() });
    const error = await attempt(ctx, () => hoursCheckRun(ctx, { name: 'nobody' }));
    expect([error?.code, error?.message, error?.hintFor('household --store h.json')]).toEqual(['NO_ACCOUNT', 'no account named nobody', 'household --store h.json users list shows every account']);
    await attempt(ctx, () => hoursCheckRun(ctx, { name: 'nobody', fromPam: true }));
    expect(details(ctx)).toEqual([
      ['hours check', null, {}],
      ['hours check', null, { noSuchAccount: true }],
    ]);
  });

  test('grant: the line gives the time in the household zone; the log the time in UTC', async () => {
    const ctx = testContext({ household: withHours() });
    expect(await attempt(ctx, () => hoursGrantRun(ctx, { name: 'KID1', for: '90m' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('kid1 may use the account until 14:30 (Europe/Berlin), whatever its hours\n');
    expect(details(ctx)).toEqual([['hours grant', 'kid1', { until: '2026-01-01T13:30:00.000Z' }]]);
  });

  test('grant: what is wrong with what was given, word for word; an account without hours is told how to set some', async () => {
    const ctx = testContext({ household: withHours() });
    const neither = await attempt(ctx, () => hoursGrantRun(ctx, { name: 'kid1' }));
    expect([neither?.code, neither?.message]).toEqual(['USAGE', 'say how long: --for DURATION (such as 30m or 2h) or --until HH:MM, one of them']);
    const late = await attempt(ctx, () => hoursGrantRun(ctx, { name: 'kid1', until: '7pm' }));
    expect([late?.code, late?.message]).toEqual(['INVALID_INPUT', 'invalid time "7pm": expected HH:MM from 00:00 to 23:59']);
    // 24:00 ends a window but is no time to run until.
    const midnight = await attempt(ctx, () => hoursGrantRun(ctx, { name: 'kid1', until: '24:00' }));
    expect([midnight?.code, midnight?.message]).toEqual(['INVALID_INPUT', 'invalid time "24:00": expected HH:MM from 00:00 to 23:59']);
    // Refused before the store is read or locked.
    expect([ctx.store.reads, ctx.store.updates]).toEqual([0, 0]);
    const odd = await attempt(ctx, () => hoursGrantRun(ctx, { name: 'kid1', until: '25:00' }));
    expect([odd?.code, odd?.message]).toEqual(['INVALID_INPUT', 'invalid time "25:00": expected HH:MM from 00:00 to 23:59']);
    const none = await attempt(ctx, () => hoursGrantRun(ctx, { name: 'kid2', for: '1h' }));
    expect(none?.hintFor('household')).toBe('household users set kid2 --hours SPEC sets some');
    expect(ctx.store.writes).toBe(0);
  });

  test('timezone shows the zone and, with --json, whether it is the machine\'s', async () => {
    const machine = testContext({ household: household(), json: true });
    machine.zones.machineZone = 'Asia/Tokyo';
    await timezoneRun(machine, {});
    expect(JSON.parse(machine.stdout.text)).toEqual({ timeZone: 'Asia/Tokyo', machine: true });
    const own = testContext({ household: withHours('America/New_York'), json: true });
    own.zones.machineZone = 'Asia/Tokyo';
    await timezoneRun(own, {});
    expect(JSON.parse(own.stdout.text)).toEqual({ timeZone: 'America/New_York', machine: false });
  });

  test('timezone ZONE: the line, --json, and the log with the zone before (none: null); the same zone again writes nothing', async () => {
    const ctx = testContext({ household: household() });
    await timezoneRun(ctx, { zone: 'europe/berlin' });
    expect(ctx.stderr.text).toBe("the household's time zone is now Europe/Berlin\n");
    await timezoneRun(ctx, { zone: 'Europe/Berlin' });
    expect(ctx.stderr.text).toBe("the household's time zone is now Europe/Berlin\nthe household's time zone already is Europe/Berlin; nothing changed\n");
    const json = testContext({ household: withHours('Europe/Berlin'), json: true });
    await timezoneRun(json, { zone: 'Asia/Tokyo' });
    expect(JSON.parse(json.stdout.text)).toEqual({ timeZone: 'Asia/Tokyo' });
    expect(details(ctx)).toEqual([['timezone', null, { timeZone: 'Europe/Berlin', previous: null }]]);
    expect(ctx.store.writes).toBe(1);
    expect(details(json)).toEqual([['timezone', null, { timeZone: 'Asia/Tokyo', previous: 'Europe/Berlin' }]]);
  });

  test('timezone with an unknown zone: the message shows it, control characters made visible, and where the names are listed', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => timezoneRun(ctx, { zone: 'Mars/\u001b[2JOlympus' }));
    expect([error?.code, error?.message, error?.hintFor()]).toEqual([
      'INVALID_INPUT',
      'unknown time zone "Mars/\\u001b[2JOlympus": expected an IANA name such as Europe/Berlin or America/New_York',
      'timedatectl list-timezones lists them',
    ]);
  });

  test('the parses: timezone takes its zone or none, hours revoke its name', () => {
    const line = { flags: {}, typed: new Set<string>(), cwd: '/', env: {}, completionScript: () => '' };
    expect(timezoneCommand.parse({ ...line, args: ['Europe/Berlin'] })).toEqual({ zone: 'Europe/Berlin' });
    expect(timezoneCommand.parse({ ...line, args: [undefined] })).toEqual({ zone: undefined });
    expect(revokeCommand.parse({ ...line, args: ['kid1'] })).toEqual({ name: 'kid1' });
  });

  test('users list works out the hours only for --json in a household that has some; a grant in force counts as allowed', async () => {
    const h = withHours();
    findAccount(h, 'kid1')!.grantUntil = '2026-01-01T13:00:00.000Z';
    const cases: Array<[Household, boolean, number]> = [
      [h, true, 1],
      [h, false, 0],
      [household(), true, 0],
    ];
    for (const [given, json, computed] of cases) {
      const ctx = testContext({ household: given, json });
      const within = jest.spyOn(ctx.zones, 'within');
      await listRun(ctx);
      expect(within).toHaveBeenCalledTimes(computed);
      if (json) expect(JSON.parse(ctx.stdout.text).every((a: { allowedNow: boolean }) => a.allowedNow)).toBe(true);
    }
  });
});
