import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { manPage } from '../../src/cli/generators/man.js';
import { EXIT_CODES } from '../../src/domain/errors.js';
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

  test('EXIT STATUS is the table of exit codes in src/domain/errors.ts, row for row', () => {
    const page = man(PAGE);
    const section = page.slice(page.indexOf('\nEXIT STATUS\n') + '\nEXIT STATUS\n'.length, page.indexOf('\nPAM\n'));
    // One paragraph an exit code: the code, then its meaning (wrapped, indented).
    const rows = section
      .split(/\n\s*\n/)
      .map((paragraph) => /^(\d+)\s+([\s\S]*)$/.exec(paragraph.trim())!)
      .map(([, code, meaning]) => [code, meaning.replace(/\s+/g, ' ')]);
    expect(rows).toEqual(EXIT_CODES.map((row) => [String(row.code), row.meaning.replace(/`/g, '')]));
  });

  test("PAM is the README's PAM recipe, whole: every line of its code as written, and all of its text", () => {
    const page = man(PAGE);
    const start = page.indexOf('\nPAM\n');
    expect(start).toBeGreaterThan(0);
    const section = page.slice(start, page.indexOf('\nENVIRONMENT\n'));
    // The README's section, read here on its own: from its heading to the next heading of its level or above, outside code.
    const lines = README.split('\n');
    const heading = lines.findIndex((line) => line.startsWith('### A PAM service'));
    expect(heading).toBeGreaterThan(0);
    expect(section).toContain(lines[heading].slice(4));
    let fenced = false;
    const code: string[] = [];
    const prose: string[] = [];
    for (const line of lines.slice(heading + 1)) {
      if (!fenced && /^#{1,3} /.test(line)) break;
      if (line.trim().startsWith('```')) {
        fenced = !fenced;
        prose.push(''); // code ends the paragraph before it, and what follows is a new one
      } else if (fenced) code.push(line.trim());
      else prose.push(line);
    }
    expect(code.filter(Boolean).length).toBeGreaterThan(5);
    const shownLines = section.split('\n').map((line) => line.trim());
    for (const line of code.filter(Boolean)) expect(shownLines).toContain(line);
    const words = (text: string) => text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
    const shownText = words(section);
    const paragraphs = prose.join('\n').split(/\n\s*\n|\n(?=- )/).map((paragraph) => words(paragraph.replace(/^- /, '').replace(/`|\*\*/g, ''))).filter(Boolean);
    expect(paragraphs.length).toBeGreaterThan(10);
    for (const paragraph of paragraphs) expect(shownText).toContain(paragraph);
  });

  test('pin verify --help sends a PAM reader to it', async () => {
    const help = await run(['pin', 'verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('For PAM (pam_exec with expose_authtok), the recipe is in the man page, under PAM: man household.');
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
    const readme = [
      '### Exit codes\n\n| code | meaning |\n| --- | --- |\n| 0 | done `--all-managed` \\| more |\n',
      '### The rules\n\n| action | on the admin | on a member |\n| --- | --- | --- |\n| `pin set` | **the** PIN | nothing |\n',
      '### A PAM service for the test\n\n**1. `strong code` in strong.** A [link](https://example.org/x) and a\n.dot that starts a line\n',
      '```\n.a dot first\n\'an apostrophe first\nback\\slash -- and – ✓\n# a comment in code, no heading\n```\n',
      '- **`quiet`**: an item\n  on two lines:\n  ```\n  .in an item\n  ```\n  and more of it.\n- a second item\n\n| exit | meaning |\n| --- | --- |\n| 64 | no PAM_USER |\n\n#### Deeper\n\nThe end.\n',
      '### Something else\n\nnot in the page\n',
    ].join('\n');
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
      'PAM A PAM service for the test 1. strong code in strong. A link (https://example.org/x) and a .dot that starts a line',
      ' .a dot first \'an apostrophe first back\\slash -- and – ✓ # a comment in code, no heading ',
      '• quiet: an item on two lines: .in an item and more of it. • a second item',
      '64 no PAM_USER Deeper The end.',
    ]) {
      expect(page).toContain(text);
    }
    expect(page).not.toContain('not in the page');
    expect(page).not.toMatch(/\*\*|`/);
    // Every hyphen in the page's text is \- (a minus sign roff will not break or turn into a dash).
    const text = readFileSync(file, 'utf8').split('\n').filter((line) => !line.startsWith('.'));
    expect(text.filter((line) => /(^|[^\\(])-/.test(line))).toEqual([]);
  });
});
