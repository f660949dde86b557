import type { Context } from './context.js';
import type { CommandSpec } from './spec.js';

/** The shells `household completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionOptions {
  shell: Shell;
  /** Makes the script, from the CLI's own command tree (src/cli/generators/completion.ts). */
  script: () => string;
}

/** Prints a shell completion script on stdout, as it is, for the operator to install. */
export async function completionRun(ctx: Context, opts: CompletionOptions): Promise<void> {
  ctx.io.document(opts.script(), { shell: opts.shell });
}

const COMPLETION_HELP = `Install the script where the shell looks for it, then start a new shell (README: Shell completion):
  bash, for you, in ~/.bashrc: source <(household completion bash)
  bash, for every user (bash-completion package): household completion bash | sudo tee /etc/bash_completion.d/household > /dev/null
  zsh, for you, in ~/.zshrc after compinit: source <(household completion zsh)
  zsh, for every user: household completion zsh | sudo tee /usr/local/share/zsh/site-functions/_household > /dev/null
  fish: mkdir -p ~/.config/fish/completions && household completion fish > ~/.config/fish/completions/household.fish
Account names are completed with "household users list" on the store the command line names (--store PATH), else the one household itself would use; nothing typed is run.`;

export const command: CommandSpec<CompletionOptions, [Shell]> = {
  description: 'print a shell completion script (bash, zsh or fish) on stdout',
  arguments: [{ name: '<shell>', description: 'the shell', choices: SHELLS }],
  help: COMPLETION_HELP,
  parse: ({ args: [shell], completionScript }) => ({ shell, script: () => completionScript(shell) }),
  run: completionRun,
};
