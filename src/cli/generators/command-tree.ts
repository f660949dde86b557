import type { Argument, Command, Option } from 'commander';
import type { ValueSource } from '../../commands/spec.js';

/**
 * commander's command tree as plain data: what the shell completions (./completion.ts) and the
 * man page (./man.ts) are made from, so neither can drift from the CLI. Only types come from
 * commander: this module reads the tree src/cli/commander-tree.ts built and loads nothing.
 */

export type { ValueSource };

/** An argument or option as src/cli/commander-tree.ts marks it, from the command's `completes` (src/commands/spec.ts). */
export type Marked = { completes?: ValueSource };

export type Values = { kind: 'choices'; choices: readonly string[] } | { kind: ValueSource } | { kind: 'any' };

export interface OptionInfo {
  /** As help shows them: `-V, --version`, `--store <path>`. */
  flags: string;
  /** Every spelling: `-V` and `--version`. */
  names: string[];
  description: string;
  /** undefined for a flag that takes no value. */
  values?: Values;
  defaultValue?: string;
}

export interface ArgumentInfo {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
  values: Values;
}

export interface CommandInfo {
  /** The words after the program's name: [] for the program itself, ['pin', 'set']. */
  path: string[];
  description: string;
  /** commander's usage line: `[options] <name>`. */
  usage: string;
  subcommands: Array<{ name: string; description: string }>;
  /** The command's own options and its help option (the program's are global: they apply to every command). */
  options: OptionInfo[];
  arguments: ArgumentInfo[];
  /** The help text shown after the options ("Asks, in this order ..."), as `--help` prints it. */
  notes: string;
}

function valuesOf(item: (Argument | Option) & Marked): Values {
  if (item.argChoices) return { kind: 'choices', choices: item.argChoices };
  return item.completes ? { kind: item.completes } : { kind: 'any' };
}

function optionInfo(option: Option & Marked): OptionInfo {
  const takesValue = option.required || option.optional;
  const names = [option.short, option.long].filter((name): name is string => name !== undefined);
  const defaultValue = option.defaultValue === undefined || option.negate ? undefined : String(option.defaultValue);
  return { flags: option.flags, names, description: option.description, values: takesValue ? valuesOf(option) : undefined, defaultValue };
}

/** The text a command's `addHelpText('after', ...)` prints, collected from the event help emits. */
function notesOf(command: Command): string {
  let text = '';
  // A Command is an EventEmitter (help emits 'afterHelp' so that addHelpText can write), though its types do not say so.
  (command as unknown as NodeJS.EventEmitter).emit('afterHelp', { error: false, command, write: (part: string) => (text += part) });
  return text.trim();
}

/** Every command of the tree, the program first, each group before its subcommands, in help's order. */
export function describeTree(program: Command): CommandInfo[] {
  const found: CommandInfo[] = [];
  const visit = (command: Command, path: string[]) => {
    const help = command.createHelp();
    // visibleCommands adds commander's implicit `help` command, which is no command of ours.
    const subcommands = help.visibleCommands(command).filter((sub) => command.commands.includes(sub));
    found.push({
      path,
      description: command.description(),
      usage: command.usage(),
      subcommands: subcommands.map((sub) => ({ name: sub.name(), description: sub.description() })),
      options: help.visibleOptions(command).map(optionInfo),
      arguments: command.registeredArguments.map((argument: Argument & Marked) => ({
        name: argument.name(),
        description: argument.description,
        required: argument.required,
        variadic: argument.variadic,
        values: valuesOf(argument),
      })),
      notes: notesOf(command),
    });
    for (const sub of subcommands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return found;
}
