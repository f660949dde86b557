import type { Command } from 'commander';
import { describeTree, type CommandInfo, type OptionInfo, type Values } from './command-tree.js';

/**
 * The man page household(1), made by scripts/build.mjs from the CLI's own command tree (commands,
 * options, arguments and the help texts) and from the README's tables where the README is their source
 * (the exit codes, and who must prove what), so that neither can drift. Only the build runs this.
 */

/** Characters outside ASCII, as roff spells them (groff reads its input as Latin-1). */
const SPECIAL: Record<string, string> = {
  '…': '.\\|.\\|.',
  '–': '\\(en',
  '—': '\\(em',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '≤': '\\(<=',
  '≥': '\\(>=',
  '→': '\\(->',
  '×': '\\(mu',
  '−': '\\-',
};

/** Text as roff reads it back: backslashes and hyphens escaped, nothing outside ASCII. */
export function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/[^\x20-\x7e]/gu, (char) => SPECIAL[char] ?? `\\[u${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** README inline markup: `code` and **strong** in bold (code in strong too), a [link](address) as its text and address, the rest as text. */
function inline(markdown: string): string {
  let strong = false;
  const text = markdown
    .split(/(`[^`]+`|\*\*)/)
    .map((part) => {
      if (part === '**') {
        strong = !strong;
        return strong ? '\\fB' : '\\fR';
      }
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return `\\fB${roff(part.slice(1, -1))}${strong ? '' : '\\fR'}`;
      return roff(part.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)'));
    })
    .join('');
  return strong ? `${text}\\fR` : text;
}

/** One line of text in a roff file: a line that began with a dot or an apostrophe would be a request. */
function textLine(text: string): string {
  return /^[.']/.test(text) ? `\\&${text}` : text;
}

/** The cells of a Markdown table row; a | inside `code` or escaped as \| is no separator. */
function cells(row: string): string[] {
  const found: string[] = [];
  let current = '';
  let code = false;
  const body = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i];
    if (char === '\\' && body[i + 1] === '|') {
      current += '|';
      i += 1;
    } else if (char === '`') {
      code = !code;
      current += char;
    } else if (char === '|' && !code) {
      found.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  found.push(current.trim());
  return found;
}

/** The first table under the README heading that `heading` matches: its header and its rows. */
export function readmeTable(readme: string, heading: RegExp): { header: string[]; rows: string[][] } {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => /^#+ /.test(line) && heading.test(line.replace(/^#+ /, '')));
  if (start < 0) throw new Error(`README.md has no heading ${heading}: the man page takes that table from it`);
  let first = start + 1;
  while (first < lines.length && !lines[first].startsWith('|')) {
    if (/^#+ /.test(lines[first])) throw new Error(`README.md has no table under its heading ${heading}`);
    first += 1;
  }
  const table: string[] = [];
  for (let i = first; i < lines.length && lines[i].startsWith('|'); i += 1) table.push(lines[i]);
  if (table.length < 3) throw new Error(`README.md has no table under its heading ${heading}`);
  return { header: cells(table[0]), rows: table.slice(2).map(cells) };
}

/** The README's section under the heading that `heading` matches: its title and its lines, up to the next heading of its level or above. */
export function readmeSection(readme: string, heading: RegExp): { title: string; lines: string[] } {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => /^#+ /.test(line) && heading.test(line.replace(/^#+ /, '')));
  if (start < 0) throw new Error(`README.md has no heading ${heading}: the man page takes that section from it`);
  const level = /^#+/.exec(lines[start])![0].length;
  let end = start + 1;
  let fenced = false;
  for (; end < lines.length; end += 1) {
    if (/^\s*```/.test(lines[end])) fenced = !fenced;
    const next = /^(#+) /.exec(lines[end]);
    if (!fenced && next && next[1].length <= level) break;
  }
  return { title: lines[start].replace(/^#+ /, ''), lines: lines.slice(start + 1, end) };
}

/**
 * README Markdown as man(7) requests: paragraphs, `-` lists (with what is indented under an item, code
 * too), fenced code as it is written, tables (a term and the rest of its row) and sub-headings.
 */
export function markdownToRoff(lines: string[]): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  let kind: 'paragraph' | 'item' | 'more' = 'paragraph';
  let inItem = false;
  const flush = () => {
    if (paragraph.length === 0) return;
    const start = { paragraph: '.PP', item: '.IP \\(bu 2', more: '.IP "" 2' }[kind];
    out.push(start, textLine(inline(paragraph.join(' '))));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const indent = /^ */.exec(line)![0].length;
    if (line.trim() === '') {
      flush();
    } else if (line.trim().startsWith('```')) {
      flush();
      const code: string[] = [];
      for (i += 1; i < lines.length && lines[i].trim() !== '```'; i += 1) code.push(lines[i].slice(Math.min(indent, /^ */.exec(lines[i])![0].length)));
      inItem = inItem && indent > 0;
      out.push('.sp', '.RS 4', '.nf', ...code.map((text) => (text === '' ? '' : textLine(roff(text)))), '.fi', '.RE');
    } else if (line.startsWith('|')) {
      flush();
      const table: string[] = [];
      for (; i < lines.length && lines[i].startsWith('|'); i += 1) table.push(lines[i]);
      i -= 1;
      for (const [term, ...rest] of table.slice(2).map(cells)) out.push('.TP', textLine(inline(term)), textLine(inline(rest.filter((cell) => cell !== '').join('; '))));
    } else if (/^#+ /.test(line)) {
      flush();
      out.push('.SS', textLine(inline(line.replace(/^#+ /, ''))));
    } else if (/^- /.test(line)) {
      flush();
      inItem = true;
      kind = 'item';
      paragraph.push(line.slice(2).trim());
    } else {
      if (paragraph.length === 0) {
        inItem = inItem && indent > 0;
        kind = inItem ? 'more' : 'paragraph';
      }
      paragraph.push(line.trim());
    }
  }
  flush();
  return out;
}

/** `-V, --version` as `\fB\-V\fR, \fB\-\-version\fR`; `--store <path>` with the value in italics. */
function flags(text: string): string {
  return text
    .split(/(\s+|,\s*)/)
    .map((part) => {
      if (part.startsWith('-')) return `\\fB${roff(part)}\\fR`;
      const value = /^([<[])(.+?)([>\]])$/.exec(part);
      if (value) return value[1] === '[' ? `[\\fI${roff(value[2])}\\fR]` : `\\fI${roff(value[2])}\\fR`;
      return roff(part);
    })
    .join('');
}

const capitalized = (text: string) => text.replace(/^./, (first) => first.toUpperCase());

/** A description as a sentence: help's are lower-case fragments. */
const sentence = (text: string) => capitalized(/[.!?]$/.test(text) ? text : `${text}.`);

function valuesNote(values: Values | undefined): string {
  return values?.kind === 'choices' ? ` One of: ${values.choices.join(', ')}.` : '';
}

function optionItems(options: OptionInfo[]): string[] {
  return options.flatMap((option) => [
    '.TP',
    flags(option.flags),
    textLine(roff(`${sentence(option.description)}${valuesNote(option.values)}${option.defaultValue === undefined ? '' : ` Default: ${option.defaultValue}.`}`)),
  ]);
}

/** Help text after the options: a line of its own is a paragraph; an indented one, a line in the one before. */
function paragraphs(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const indent = /^ */.exec(line)![0].length;
      return indent > 0 ? [`.RS ${indent}n`, textLine(roff(line.trim())), '.RE'] : ['.PP', textLine(roff(line))];
    });
}

function synopsis(program: string, command: CommandInfo): string {
  const usage = command.usage
    .split(' ')
    .map((word) => {
      const value = /^([<[])(.+?)([>\]])$/.exec(word);
      if (!value) return roff(word);
      return value[1] === '[' ? `[\\fI${roff(value[2])}\\fR]` : `\\fI${roff(value[2])}\\fR`;
    })
    .join(' ');
  return `\\fB${roff([program, ...command.path].join(' '))}\\fR ${usage}`;
}

export interface ManPageSource {
  program: Command;
  readme: string;
  /** The date the page shows, YYYY-MM-DD. */
  date: string;
}

export function manPage({ program, readme, date }: ManPageSource): string {
  const name = program.name();
  const [root, ...commands] = describeTree(program);
  const leaves = commands.filter((command) => command.subcommands.length === 0);
  const exitCodes = readmeTable(readme, /^Exit codes$/i);
  const rules = readmeTable(readme, /^The rules\b/i);
  const pam = readmeSection(readme, /^A PAM service\b/i);
  const lines = [
    `.\\" ${name}(1): made by scripts/build.mjs from the command tree and README.md; edit those, not this.`,
    `.TH ${name.toUpperCase()} 1 ${date} "${name} ${program.version() ?? ''}" "User Commands"`,
    // Names of commands and options stay whole: no hyphenation, no stretched spaces.
    '.nh',
    '.ad l',
    '.SH NAME',
    `${name} \\- ${roff(root.description.replace(/^./, (first) => first.toLowerCase()).replace(/\.$/, ''))}`,
    '.SH SYNOPSIS',
    `\\fB${name}\\fR [\\fIglobal options\\fR] \\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]`,
    '.br',
    `\\fB${name} \\-\\-help\\fR | \\fB${name}\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR`,
    '.SH DESCRIPTION',
    textLine(roff(root.description)),
    ...paragraphs(root.notes),
    '.SH GLOBAL OPTIONS',
    'These options are taken before or after the command.',
    ...optionItems(root.options),
    '.SH COMMANDS',
    ...leaves.flatMap((command) => [
      '.SS',
      synopsis(name, command),
      textLine(roff(sentence(command.description))),
      ...(command.arguments.some((argument) => argument.values.kind === 'choices')
        ? command.arguments.flatMap((argument) => (argument.values.kind === 'choices' ? ['.TP', `\\fI${roff(argument.name)}\\fR`, textLine(roff(`${sentence(argument.description)}${valuesNote(argument.values)}`))] : []))
        : []),
      // Every command has its own --help; the man page lists the others.
      ...optionItems(command.options.filter((option) => !option.names.includes('--help'))),
      ...paragraphs(command.notes),
    ]),
    '.SH WHO MUST PROVE WHAT',
    ...rules.rows.flatMap(([action, ...columns]) => {
      const given = columns.filter((cell) => cell !== '');
      // A row with one cell says it for every kind of account; otherwise one line per kind, labelled as the README's header.
      const lines =
        given.length <= 1
          ? given.map(inline)
          : columns.flatMap((cell, i) => (cell === '' ? [] : [`${inline(capitalized(rules.header[i + 1]))}: ${inline(cell)}`]));
      return ['.TP', textLine(inline(action)), ...lines.flatMap((line, i) => (i === 0 ? [textLine(line)] : ['.br', textLine(line)]))];
    }),
    '.SH EXIT STATUS',
    ...exitCodes.rows.flatMap(([code, meaning]) => ['.TP', `\\fB${roff(code)}\\fR`, textLine(inline(meaning))]),
    // The README's PAM recipe, whole: an operator who installed the package has no README at hand.
    '.SH PAM',
    '.SS',
    textLine(inline(pam.title)),
    ...markdownToRoff(pam.lines),
    '.SH ENVIRONMENT',
    '.TP',
    '\\fBHOUSEHOLD_STORE\\fR',
    'The store file, when \\fB\\-\\-store\\fR is not given.',
    '.TP',
    '\\fBXDG_DATA_HOME\\fR, \\fBXDG_CONFIG_HOME\\fR',
    'Where the default store and the config file are (\\fI~/.local/share\\fR and \\fI~/.config\\fR when unset).',
    '.TP',
    '\\fBNO_COLOR\\fR, \\fBTERM\\fR',
    'No colour when \\fBNO_COLOR\\fR is set (not empty) or \\fBTERM\\fR is \\fBdumb\\fR.',
    '.TP',
    '\\fBPAM_USER\\fR',
    'The account \\fBpin verify\\fR checks when none is named (\\fBpam_exec\\fR sets it), spelled as stored up to case; an unknown account, or one without a PIN under \\fB\\-\\-require\\-pin\\fR, is then answered as a wrong PIN (77).',
    '.TP',
    '\\fBSUDO_USER\\fR, \\fBSSH_CONNECTION\\fR',
    'Recorded in the audit log as who made a change, and from where.',
    '.SH FILES',
    '.TP',
    '\\fI$XDG_DATA_HOME/household/household.json\\fR',
    'The default store; beside it, \\fIhousehold.json.lock\\fR (the lock between processes) and \\fIhousehold.json.log\\fR (the audit log).',
    '.TP',
    '\\fI$XDG_CONFIG_HOME/household/config.json\\fR',
    'The operator\'s preferences (\\fBconfig set store\\fR).',
    '.SH SEE ALSO',
    '\\fBpam_exec\\fR(8), \\fBfaillock\\fR(8)',
  ];
  return `${lines.join('\n')}\n`;
}
