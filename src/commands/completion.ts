import type { Context } from './context.js';

export interface CompletionOptions {
  shell: 'bash' | 'zsh' | 'fish';
  /** Makes the script, from the CLI's own command tree (src/cli/completion.ts). */
  script: () => string;
}

/** Prints a shell completion script on stdout, as it is, for the operator to install. */
export async function completionRun(ctx: Context, opts: CompletionOptions): Promise<void> {
  ctx.io.document(opts.script(), { shell: opts.shell });
}
