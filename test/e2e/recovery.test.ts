import { readFileSync, renameSync } from 'node:fs';
import argon2 from 'argon2';
import { parseKeyFile } from '../../src/domain/keys.js';
import { parseHousehold } from '../../src/store/schema.js';
import { Sandbox } from './cli.js';

/**
 * Recovery codes with the built CLI (issue 23): init prints them once on stderr, and one code resets the
 * admin's password once, however many processes are given it at the same time.
 */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const CODE_LINE = /^ {2}([23456789abcdefghjkmnpqrstuvwxyz]{5}-[23456789abcdefghjkmnpqrstuvwxyz]{5})$/gm;

function codesPrinted(stderr: string): string[] {
  return [...stderr.matchAll(CODE_LINE)].map((match) => match[1]);
}

const household = () => parseHousehold(JSON.parse(readFileSync(box.store, 'utf8')));
const admin = () => household().accounts[0];

/** Whether `password` is the admin's, checked with the key its hash names (init keys every store). */
async function isAdminPassword(password: string): Promise<boolean> {
  const { keyFile, accounts: [account] } = household();
  const key = parseKeyFile(keyFile!, readFileSync(keyFile!, 'utf8')).find((candidate) => candidate.id === account.passwordKeyId)!;
  return argon2.verify(account.passwordHash!, password, { secret: Buffer.from(key.bytes) });
}

test('init: stdout as before (nothing), ten distinct codes on stderr after the confirmation, once; stored as hashes only', async () => {
  const init = await box.init();
  expect(init.stdout).toBe('');
  const codes = codesPrinted(init.stderr);
  expect(new Set(codes).size).toBe(10);
  expect(init.stderr.split('\n')[0]).toMatch(/^created the household at /);
  expect(init.stderr).toContain('Keep them apart from this server');
  const stored = readFileSync(box.store, 'utf8');
  for (const code of codes) expect(stored).not.toContain(code.replace('-', ''));
  expect(admin().recoveryCodes).toHaveLength(10);
  const status = await box.run(['recovery', 'status', '--json']);
  expect([status.code, JSON.parse(status.stdout)]).toEqual([0, { left: 10 }]);
});

test('the same code given to 20 processes at once resets the password at most once, and never works again', async () => {
  const codes = codesPrinted((await box.init()).stderr);
  const code = codes[6];
  // --stdin: the code, the new password, the new password again; each process its own password.
  const resets = await Promise.all(
    Array.from({ length: 20 }, (_, i) => box.run(['password', 'reset', 'alice', '--recovery-code', '--stdin'], { input: `${code}\nnew-password-${i}\nnew-password-${i}\n` })),
  );
  const winners = resets.flatMap((result, i) => (result.code === 0 ? [i] : []));
  expect(winners.length).toBeLessThanOrEqual(1);
  // Each other one is told what happened to it: the code was used meanwhile (77), its attempt was one of
  // too many in a row (the attempts are counted before they are checked: 75, cooling off), or the code
  // was already gone when it was checked (77, wrong). Never "changed while you were typing; try again",
  // which would have it try a used code again.
  const refusals = [
    /^household: that recovery code was used or revoked by another command meanwhile; nothing was changed\n/,
    /^household: alice's recovery code checks are cooling off after 5 wrong tries in a row; try again in /,
    /^household: wrong recovery code for alice; /,
  ];
  for (const result of resets.filter((_, i) => !winners.includes(i))) {
    expect([77, 75]).toContain(result.code);
    expect(refusals.some((refusal) => refusal.test(result.stderr))).toBe(true);
  }
  const after = admin();
  // Used up whatever happened to the others: the winner's write marked it.
  if (winners.length === 1) {
    expect(after.recoveryCodes![6]).toBeNull();
    expect(await isAdminPassword(`new-password-${winners[0]}`)).toBe(true);
  } else {
    expect(await isAdminPassword('alice-password')).toBe(true);
  }
  const log = readFileSync(`${box.store}.log`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  expect(log.filter((line) => line.command === 'password reset' && line.outcome === 'ok')).toEqual(
    winners.map(() => expect.objectContaining({ details: { recoveryCode: 7 } })),
  );
  // Every try is in the log, the refused ones too: one line per process.
  expect(log.filter((line) => line.command === 'password reset')).toHaveLength(20);

  // Later, alone, with no cooling-off in the way: the used code is a wrong one.
  await box.run(['users', 'unlock', 'alice']);
  if (winners.length === 1) {
    const again = await box.run(['password', 'reset', 'alice', '--recovery-code', '--stdin'], { input: `${code}\nanother-password\nanother-password\n` });
    expect([again.code, again.stderr]).toEqual([77, 'household: wrong recovery code for alice; 4 more wrong tries start a 1-minute cooling-off\n']);
  }

  // Never a code or a hash in the log, users show, status or any error.
  const shown = [
    readFileSync(`${box.store}.log`, 'utf8'),
    (await box.run(['users', 'show', 'alice', '--json'])).stdout,
    (await box.run(['recovery', 'status'])).stdout,
    (await box.run(['log'])).stdout,
    ...resets.map((result) => result.stdout + result.stderr),
  ].join('\n');
  for (const each of codes) {
    expect(shown).not.toContain(each);
    expect(shown).not.toContain(each.replace('-', ''));
  }
  expect(shown).not.toContain('$argon2id');
});

test('recovery codes: the admin password, then ten new codes on stderr; the old ones stop working, a new one works', async () => {
  const old = codesPrinted((await box.init()).stderr);
  const made = await box.run(['recovery', 'codes', '--stdin'], { input: 'alice-password\n' });
  expect(made.code).toBe(0);
  const fresh = codesPrinted(made.stderr);
  expect(fresh).toHaveLength(10);
  const wrong = await box.run(['password', 'reset', 'alice', '--recovery-code', '--stdin'], { input: `${old[0]}\nnew-password\nnew-password\n` });
  expect(wrong.code).toBe(77);
  const right = await box.run(['password', 'reset', 'alice', '--recovery-code', '--stdin'], { input: `${fresh[0].toUpperCase().replace('-', '')}\nnew-password\nnew-password\n` });
  expect([right.code, right.stderr]).toEqual([0, 'reset the password of alice with a recovery code, now used up; 9 codes are left\n']);
  expect((await box.run(['password', 'set', 'alice', '--stdin'], { input: 'new-password\nnewer-password\nnewer-password\n' })).code).toBe(0);
});

test('the codes are made with the key: a copy of the store cannot check one; with the key file away a right and a wrong code are 78 naming it, nothing counted, and the code works once it is back', async () => {
  const codes = codesPrinted((await box.init()).stderr);
  const { keyFile, accounts: [account] } = household();
  const key = parseKeyFile(keyFile!, readFileSync(keyFile!, 'utf8')).find((candidate) => candidate.id === account.recoveryKeyId)!;
  const typed = codes[0].replace('-', '');
  expect(await argon2.verify(account.recoveryCodes![0]!, typed, { secret: Buffer.from(key.bytes) })).toBe(true);
  expect(await argon2.verify(account.recoveryCodes![0]!, typed)).toBe(false);

  renameSync(keyFile!, `${keyFile}.away`);
  const before = [readFileSync(box.store, 'utf8'), readFileSync(`${box.store}.log`, 'utf8')];
  const reset = (code: string) => box.run(['password', 'reset', 'alice', '--recovery-code', '--stdin'], { input: `${code}\nnew-password\nnew-password\n` });
  const right = await reset(codes[0]);
  const wrong = await reset(codes.includes('22222-22222') ? '33333-33333' : '22222-22222');
  expect(right.code).toBe(78);
  expect(right.stderr.split('\n')[0]).toBe(`household: the key file ${keyFile} is unusable: it does not exist`);
  expect([wrong.code, wrong.stdout, wrong.stderr]).toEqual([right.code, right.stdout, right.stderr]);
  expect([readFileSync(box.store, 'utf8'), readFileSync(`${box.store}.log`, 'utf8')]).toEqual(before);
  // recovery status checks no secret: it still answers, and nothing was counted.
  const status = await box.run(['recovery', 'status']);
  expect([status.code, status.stdout]).toEqual([0, 'admin:                alice\nrecovery codes left:  10 of 10\nrecovery code checks: open\n']);

  renameSync(`${keyFile}.away`, keyFile!);
  const back = await reset(codes[0]);
  expect([back.code, back.stderr]).toEqual([0, 'reset the password of alice with a recovery code, now used up; 9 codes are left\n']);
  expect(await isAdminPassword('new-password')).toBe(true);
});
