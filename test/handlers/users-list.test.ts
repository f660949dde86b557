import { listRun } from '../../src/commands/users/list.js';
import { attempt, testContext } from '../fakes/context.js';
import { account, household } from '../fakes/households.js';

describe('users list', () => {
  test('piped: one tab-separated line per account, no header, no colour', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }) });
    await listRun(ctx);
    expect(ctx.stdout.text).toBe('alice\tadmin\tyes\t-\nbob\tmember\tno\t-\nkid1\tmanaged\tno\tyounger-kid\nkid2\tmanaged\tno\t-\n');
  });

  test('--json: one object per account, restriction null unless set, never a hash', async () => {
    const ctx = testContext({ household: household({ kid1: '7391' }), json: true });
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

describe('users list, remove, set, show, unlock: their lines', () => {
  test('list: the admin first, then by name without regard to case, whatever the store order', async () => {
    const h = household();
    h.accounts = [account('zoe', 'member'), account('Kid1', 'managed'), account('alice', 'admin'), account('adam', 'member')];
    const ctx = testContext({ household: h });
    await listRun(ctx);
    expect(ctx.stdout.text).toBe('alice\tadmin\tno\t-\nadam\tmember\tno\t-\nKid1\tmanaged\tno\t-\nzoe\tmember\tno\t-\n');
  });
});
