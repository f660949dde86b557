import { spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { BIN, Sandbox, runProgram, type Run } from './cli.js';

/**
 * Allowed hours through the built CLI, at chosen instants: the CLI runs under `faketime` (libfaketime,
 * which moves Node's Date.now()), given the instant as seconds since the epoch (FAKETIME_FMT=%s) so
 * that no zone takes part in saying when it is. The household's zone is Europe/Berlin; the process's
 * TZ is something else on purpose. Skipped, saying why, without faketime (apt-get install faketime).
 */
const noFaketime = spawnSync('faketime', ['-f', '@0', 'true']).error;
if (noFaketime) console.log('skipping the allowed-hours end-to-end tests: faketime is not installed (apt-get install faketime)');
const describeHours = noFaketime ? describe.skip : describe;

let box: Sandbox;

function at(iso: string, args: string[], options: { input?: string; tz?: string } = {}): Promise<Run> {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return runProgram('faketime', ['-f', `@${seconds}`, process.execPath, BIN, '--store', box.store, ...args], {
    env: { PATH: process.env.PATH, ...box.env, TZ: options.tz ?? 'America/New_York', FAKETIME_FMT: '%s', FAKETIME_NO_CACHE: '1' },
    input: options.input,
  });
}

async function ok(args: string[]): Promise<Run> {
  const result = await box.run(args);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.code} ${result.stderr}`);
  return result;
}

const hours = (spec: string) => ok(['users', 'set', 'kid1', '--hours', spec]);
const check = async (iso: string, tz?: string) => (await at(iso, ['hours', 'check', 'kid1'], { tz })).code;

function pinFailures(): number {
  return JSON.parse(readFileSync(box.store, 'utf8')).accounts.find((a: { name: string }) => a.name === 'kid1').failures.pin.count;
}

describeHours('allowed hours, run at chosen instants under faketime (household zone Europe/Berlin, TZ New York)', () => {
  beforeAll(async () => {
    box = new Sandbox();
    await box.init();
    await ok(['users', 'add', 'kid1', '--managed']);
    expect((await box.run(['pin', 'set', 'kid1', '--stdin'], { input: '4826\n4826\n' })).code).toBe(0);
    expect((await ok(['timezone', 'Europe/Berlin'])).stderr).toBe("the household's time zone is now Europe/Berlin\n");
  });
  afterAll(() => box?.cleanup());

  test('faketime moves the CLI\'s clock (else every test below would prove nothing)', async () => {
    // An unknown account's check is logged (with no account), stamped with the CLI's clock.
    const logged = await at('2026-03-29T01:30:00Z', ['hours', 'check', 'nobody']);
    expect(logged.code).toBe(67);
    const lines = readFileSync(`${box.store}.log`, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[lines.length - 1]).time).toMatch(/^2026-03-29T01:30:0\d\.\d{3}Z$/);
  });

  test('a window across midnight belongs to the day it starts', async () => {
    await hours('Fr 20:00-01:00');
    expect(await check('2026-01-09T19:00:30Z')).toBe(0); // Friday 20:00:30
    expect(await check('2026-01-09T23:59:30Z')).toBe(0); // Saturday 00:59:30
    expect(await check('2026-01-10T00:00:30Z')).toBe(77); // Saturday 01:00:30
    expect(await check('2026-01-08T23:30:00Z')).toBe(77); // Friday 00:30 (Thursday has no window)
  });

  test('24:00 ends at midnight', async () => {
    await hours('Mo 20:00-24:00');
    expect(await check('2026-01-05T22:59:30Z')).toBe(0); // Monday 23:59:30
    expect(await check('2026-01-05T23:00:30Z')).toBe(77); // Tuesday 00:00:30
  });

  test.each([
    ['Su 11:00-13:00', 0, 77],
    ['We 11:00-13:00', 77, 0],
    ['weekends 11:00-13:00', 0, 77],
    ['weekdays 11:00-13:00', 77, 0],
    ['daily 11:00-13:00', 0, 0],
    ['Fr-Mo 11:00-13:00', 0, 77],
    ['Tu-Th 11:00-13:00', 77, 0],
  ])('day part %s: Sunday noon %d, Wednesday noon %d', async (spec, sunday, wednesday) => {
    await hours(spec);
    expect(await check('2026-01-11T11:00:00Z')).toBe(sunday);
    expect(await check('2026-01-07T11:00:00Z')).toBe(wednesday);
  });

  test('the process TZ never matters; the household zone does', async () => {
    await hours('weekdays 15:00-16:00');
    for (const tz of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Europe/Berlin']) expect(await check('2026-01-07T14:30:00Z', tz)).toBe(0);
    expect(await check('2026-01-07T15:30:00Z', 'Asia/Tokyo')).toBe(77);
  });

  test('spring forward (2026-03-29): a window from 02:30 starts at 03:00 CEST', async () => {
    await hours('Su 02:30-04:00');
    const before = await at('2026-03-29T00:59:30Z', ['hours', 'check', 'kid1']); // 01:59:30 CET
    expect([before.code, before.stderr.split('\n')[0]]).toEqual([77, 'household: kid1 may use the account again at 03:00 on Sunday (Europe/Berlin)']);
    expect(await check('2026-03-29T01:00:30Z')).toBe(0); // 03:00:30 CEST
    expect(await check('2026-03-29T01:59:30Z')).toBe(0); // 03:59:30 CEST
    expect(await check('2026-03-29T02:00:30Z')).toBe(77); // 04:00:30 CEST
  });

  test('fall back (2026-10-25): a window ending at 02:30 ends at its first occurrence', async () => {
    await hours('Sa 22:00-02:30');
    expect(await check('2026-10-25T00:15:00Z')).toBe(0); // 02:15 CEST
    expect(await check('2026-10-25T00:30:30Z')).toBe(77); // 02:30:30 CEST
    expect(await check('2026-10-25T01:15:00Z')).toBe(77); // 02:15 CET, the hour again
  });

  test('a grant allows outside the hours until it expires; revoke ends it', async () => {
    await hours('weekends 11:00-13:00');
    const granted = await at('2026-01-07T09:00:00Z', ['hours', 'grant', 'kid1', '--for', '30m', '--json']);
    expect([granted.code, JSON.parse(granted.stdout)]).toEqual([0, { granted: 'kid1', until: expect.stringMatching(/^2026-01-07T09:30:0\d\.\d{3}Z$/) }]);
    expect(await check('2026-01-07T09:29:00Z')).toBe(0);
    expect(await check('2026-01-07T09:31:00Z')).toBe(77);
    const until = await at('2026-01-07T09:00:00Z', ['hours', 'grant', 'kid1', '--until', '22:00', '--json']);
    expect(JSON.parse(until.stdout)).toEqual({ granted: 'kid1', until: '2026-01-07T21:00:00.000Z' });
    expect(await check('2026-01-07T20:59:00Z')).toBe(0);
    expect((await at('2026-01-07T09:00:00Z', ['hours', 'revoke', 'kid1', '--json'])).stdout).toBe('{"revoked":"kid1"}\n');
    expect(await check('2026-01-07T09:01:00Z')).toBe(77);
  });

  test('pin verify outside the hours: 77 OUTSIDE_HOURS before the PIN is read, nothing counted; inside: the PIN is checked', async () => {
    await hours('weekdays 15:00-19:30, weekends 09:00-21:00');
    const refused = await at('2026-01-09T20:00:00Z', ['--json', 'pin', 'verify', 'kid1', '--stdin'], { input: '5038\n' }); // Friday 21:00
    expect(refused.code).toBe(77);
    expect(JSON.parse(refused.stderr).error).toMatchObject({ code: 'OUTSIDE_HOURS', message: 'kid1 may use the account again at 09:00 on Saturday (Europe/Berlin)' });
    expect(pinFailures()).toBe(0);
    const right = await at('2026-01-09T15:00:00Z', ['pin', 'verify', 'kid1', '--stdin'], { input: '4826\n' });
    expect([right.code, right.stderr]).toEqual([0, "kid1's PIN is right\n"]);
    const wrong = await at('2026-01-09T15:00:00Z', ['pin', 'verify', 'kid1', '--stdin'], { input: '5038\n' });
    expect(wrong.code).toBe(77);
    expect(pinFailures()).toBe(1);
  });

  test('users show and users list --json, at an instant', async () => {
    await hours('weekdays 15:00-19:30, weekends 09:00-21:00');
    const shown = await at('2026-01-09T20:00:00Z', ['users', 'show', 'kid1']);
    expect(shown.stdout).toContain('hours:             Mo-Fr 15:00-19:30, Sa-Su 09:00-21:00 (Europe/Berlin)\nnow:               not allowed; next at 09:00 on Saturday\n');
    const json = JSON.parse((await at('2026-01-09T15:00:00Z', ['users', 'show', 'kid1', '--json'])).stdout);
    expect(json).toMatchObject({ timeZone: 'Europe/Berlin', allowedNow: true, nextChange: '2026-01-09T18:30:00.000Z', grantUntil: null });
    const list = JSON.parse((await at('2026-01-09T20:00:00Z', ['users', 'list', '--json'])).stdout);
    expect(list.map((a: { name: string; allowedNow: boolean }) => [a.name, a.allowedNow])).toEqual([
      ['alice', true],
      ['kid1', false],
    ]);
  });

  test("a store without a zone uses the machine's (/etc/localtime), not TZ", async () => {
    const stored = JSON.parse(readFileSync(box.store, 'utf8'));
    delete stored.timeZone;
    writeFileSync(box.store, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    let machine = 'UTC';
    try {
      machine = readlinkSync('/etc/localtime').split('zoneinfo/')[1];
    } catch {
      // not a link: the runtime's own guess, checked no further here
    }
    const shown = await at('2026-01-09T20:00:00Z', ['timezone'], { tz: 'Asia/Tokyo' });
    expect(shown.stdout).toBe(`${machine}\n`);
    expect((await box.run(['timezone', 'Mars/Olympus'])).code).toBe(65);
    await ok(['timezone', 'Europe/Berlin']);
  });
});
