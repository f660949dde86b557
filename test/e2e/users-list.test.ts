import { Sandbox } from './cli.js';
import { Terminal } from './terminal.js';

/** `users list` from the built CLI: the order of the accounts, piped, as JSON, and as a table on a terminal. */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

describe('users list', () => {
  async function household(): Promise<void> {
    await box.init();
    for (const name of ['bob', 'Carl', 'aaron', 'Zed']) expect((await box.run(['users', 'add', name, '--managed'])).code).toBe(0);
  }
  // The admin first, then by name without regard to case (byte order would put Carl and Zed before aaron).
  const ORDER = ['alice', 'aaron', 'bob', 'Carl', 'Zed'];

  test('on a terminal: a compact table, one rule under the header, admin first then by name', async () => {
    await household();
    const term = new Terminal(['users', 'list', '--store', box.store], { ...box.env, NO_COLOR: '1' }, 80);
    expect(await term.exited).toBe(0);
    term.close();
    const lines = term.screen.replace(/\r/g, '').split('\n').filter((line) => line !== '');
    expect(lines.length).toBe(2 + ORDER.length);
    expect(lines[0]).toMatch(/^ NAME +│ KIND +│ PIN +│ RESTRICTION$/);
    expect(lines[1]).toMatch(/^─+┼─+┼─+┼─+$/);
    expect(lines.slice(2).map((line) => line.split('│')[0].trim())).toEqual(ORDER);
  });

  test('4 accounts take at most 7 lines', async () => {
    await box.init();
    for (const name of ['bob', 'Carl', 'dora']) expect((await box.run(['users', 'add', name, '--managed'])).code).toBe(0);
    const term = new Terminal(['users', 'list', '--store', box.store], box.env, 80);
    expect(await term.exited).toBe(0);
    term.close();
    expect(term.screen.replace(/\r/g, '').trimEnd().split('\n').length).toBeLessThanOrEqual(7);
  });

  test('piped and --json: the same order', async () => {
    await household();
    const piped = await box.run(['users', 'list']);
    expect(piped.stdout.split('\n').filter(Boolean).map((line) => line.split('\t')[0])).toEqual(ORDER);
    const json = await box.run(['users', 'list', '--json']);
    expect(JSON.parse(json.stdout).map((account: { name: string }) => account.name)).toEqual(ORDER);
  });

  test('users list on a terminal is a table; NO_COLOR turns colour off', async () => {
    await box.init();
    const coloured = new Terminal(['users', 'list', '--store', box.store], box.env);
    expect(await coloured.exited).toBe(0);
    expect(coloured.screen).toMatch(/NAME\s+│ KIND\s+│ PIN\s+│ RESTRICTION/);
    // Without NO_COLOR the header is bold: the same screen, with colour codes in it.
    expect(coloured['raw']).toMatch(/\u001b\[1mNAME/);
    const plain = new Terminal(['users', 'list', '--store', box.store], { ...box.env, NO_COLOR: '1' });
    expect(await plain.exited).toBe(0);
    expect(plain.screen).toBe(coloured.screen);
    expect(plain['raw']).not.toMatch(/\u001b\[(1|31|90)m/);
  });
});
