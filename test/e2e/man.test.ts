import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { manPage } from '../../src/cli/man.js';
import { helpCommandPaths, run } from './cli.js';

/** The man page `npm run build` made, as groff checks it and as `man` shows it. */
const PAGE = new URL('../../dist/household.1', import.meta.url).pathname;
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function groffWarnings(file: string): { status: number | null; stderr: string } {
  const result = spawnSync('groff', ['-ww', '-z', '-man', file], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

function man(file: string): string {
  const result = spawnSync('man', ['-l', '-P', 'cat', file], { encoding: 'utf8', env: { PATH: process.env.PATH, MANWIDTH: '100', LANG: 'C.UTF-8' } });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('household(1)', () => {
  test('package.json installs it as the man page', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.man).toEqual(['./dist/household.1']);
    expect(existsSync(PAGE)).toBe(true);
  });

  test('groff -ww finds nothing to warn about', () => {
    expect(groffWarnings(PAGE)).toEqual({ status: 0, stderr: '' });
  });

  test('every command and every global option of --help is in it', async () => {
    const page = man(PAGE);
    const top = (await run(['--help'])).stdout;
    const { leaves } = await helpCommandPaths();
    expect(leaves.length).toBeGreaterThan(15);
    for (const path of leaves) expect(page).toContain(`household ${path.join(' ')} `);
    const options = top.split(/\n\n/).find((part) => part.startsWith('Options:'))!;
    const globals = [...options.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((match) => match[1]);
    expect(globals).toEqual(['--version', '--store', '--json', '--stdin', '--no-input', '--no-color', '--help']);
    const section = page.slice(page.indexOf('GLOBAL OPTIONS'), page.indexOf('COMMANDS'));
    for (const option of globals) expect(section).toMatch(new RegExp(`^ {7}(-\\w, )?${option}\\b`, 'm'));
  });

  test("the exit codes and the rules are the README's tables", () => {
    const page = man(PAGE);
    const exitStatus = page.slice(page.indexOf('EXIT STATUS'), page.indexOf('ENVIRONMENT'));
    // The first table under the heading: its rows after the header and the --- line.
    const firstTable = (heading: string) => README.slice(README.indexOf(heading)).split('\n\n').find((part) => part.startsWith('|'))!.split('\n').slice(2);
    const readmeCodes = firstTable('### Exit codes');
    expect(readmeCodes.length).toBeGreaterThan(5);
    for (const line of readmeCodes) {
      const [code, meaning] = line.split('|').slice(1, 3).map((cell) => cell.trim().replace(/`/g, ''));
      expect(exitStatus.replace(/\s+/g, ' ')).toContain(`${code} ${meaning}`);
    }
    const rules = page.slice(page.indexOf('WHO MUST PROVE WHAT'), page.indexOf('EXIT STATUS')).replace(/\s+/g, ' ');
    const readmeRules = firstTable('### The rules');
    expect(readmeRules.length).toBeGreaterThan(5);
    for (const row of readmeRules) expect(rules).toContain(row.split('|')[1].trim().replace(/`/g, ''));
    expect(rules).toContain("On a member: the member's password");
  });
});

describe('the generator escapes what roff would read as its own', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'household-man-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('backslashes, hyphens, leading dots and apostrophes, and text outside ASCII come out as written', () => {
    const program = new Command('household').version('1.0.0').description('a test - of escaping');
    program.addOption(new Option('--dry-run', 'a \\n in C, and \\fB is no font'));
    program
      .command('tricky')
      .description(".starts with a dot, so it must not be a request")
      .addHelpText('after', "'starts with an apostrophe\n.and a dot again\nnaïve café … — ≤ 5 × 2 → ✓");
    const readme = '### Exit codes\n\n| code | meaning |\n| --- | --- |\n| 0 | done `--all-managed` \\| more |\n\n### The rules\n\n| action | on the admin | on a member |\n| --- | --- | --- |\n| `pin set` | **the** PIN | nothing |\n';
    const file = join(dir, 'tricky.1');
    writeFileSync(file, manPage({ program, readme, date: '2026-01-01' }));
    expect(groffWarnings(file)).toEqual({ status: 0, stderr: '' });
    const page = man(file).replace(/\s+/g, ' ');
    for (const text of [
      'a test - of escaping',
      '--dry-run',
      'A \\n in C, and \\fB is no font.',
      '.starts with a dot, so it must not be a request.',
      "'starts with an apostrophe",
      '.and a dot again',
      'naïve café ... — ≤ 5 × 2 → ✓',
      '0 done --all-managed | more',
      'On the admin: the PIN',
    ]) {
      expect(page).toContain(text);
    }
    // Every hyphen in the page's text is \- (a minus sign roff will not break or turn into a dash).
    const text = readFileSync(file, 'utf8').split('\n').filter((line) => !line.startsWith('.'));
    expect(text.filter((line) => /(^|[^\\(])-/.test(line))).toEqual([]);
  });
});
