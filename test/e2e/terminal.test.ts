import { readFileSync } from 'node:fs';
import { Sandbox } from './cli.js';
import { Terminal } from './terminal.js';

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const SECRETS = ['alice-password', '2580', '8642'];

describe('in a real terminal', () => {
  test('init asks with masked prompts; nothing typed shows on the screen', async () => {
    const term = new Terminal(['init', '--admin', 'alice', '--store', box.store], box.env);
    await term.answer([
      ['Password for alice:', 'alice-password'],
      ['Password for alice again:', 'alice-password'],
      ['New PIN for alice (empty for none):', '2580'],
      ['New PIN for alice again:', '2580'],
    ]);
    expect(await term.exited).toBe(0);
    term.close();
    expect(term.screen).toContain('created the household');
    expect(term.screen).toContain('****');
    for (const secret of SECRETS) expect(term.screen).not.toContain(secret);
  });

  test('pin reset: new PIN twice, then the password; the typed PIN and password never appear', async () => {
    await box.init('2580');
    const term = new Terminal(['pin', 'reset', 'alice', '--store', box.store], box.env);
    await term.answer([
      ['New PIN for alice:', '8642'],
      ['New PIN for alice again:', '8642'],
      ["alice's password:", 'alice-password'],
    ]);
    expect(await term.exited).toBe(0);
    term.close();
    expect(term.screen).toContain('reset the PIN of alice');
    for (const secret of SECRETS) expect(term.screen).not.toContain(secret);
    const check = await box.run(['pin', 'remove', 'alice', '--stdin', '--json'], { input: '8642\n' });
    expect(JSON.parse(check.stdout)).toEqual({ removed: ['alice'], unchanged: [] });
  });

  test('Ctrl+C at a prompt exits 130 and changes nothing', async () => {
    await box.init('2580');
    const before = readFileSync(box.store, 'utf8');
    const term = new Terminal(['pin', 'set', 'alice', '--store', box.store], box.env);
    await term.waitFor("alice's current PIN:");
    term.type('25');
    term.type('\u0003');
    expect(await term.exited).toBe(130);
    term.close();
    expect(readFileSync(box.store, 'utf8')).toBe(before);
  });
});
