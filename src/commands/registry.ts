import type { AnyCommandSpec } from './spec.js';

/**
 * Every command of the CLI, in the order help lists them: its words, whether it may ask for a secret on
 * a terminal, and where its description is (src/commands/spec.ts). A module is loaded only when its
 * command is built, so a command line pays for its own command, not for all of them. Adding a command:
 * its file under src/commands/ (exporting `command`), and its line here; test/cli/registry.test.ts then
 * asks for sample command lines that show the prompting said here is what its handler does.
 */
export interface CommandEntry {
  path: readonly string[];
  /** It may ask for a secret on a terminal: the terminal's echo goes off before anything else loads (src/main.ts). */
  prompts: boolean;
  load: () => Promise<{ command: AnyCommandSpec }>;
  /** Its handler reads the whole command tree, so every command is built when it is named. */
  wholeTree?: boolean;
}

/** The groups of commands, with the description `household --help` shows for each. */
export const GROUPS: Readonly<Record<string, string>> = {
  users: 'list, show, add, change, unlock and remove accounts',
  pin: 'set, remove, reset or verify PINs',
  password: 'change a password, or reset a forgotten one',
  plan: "change the household's plan",
  config: "the operator's default store, in $XDG_CONFIG_HOME/household/config.json",
  recovery: "the admin's recovery codes: the way back for a forgotten admin password",
  hours: 'allowed hours of managed accounts: grants, and the check PAM runs',
  key: 'the key file that every PIN and password hash is made with (README: The key)',
};

export const COMMANDS: readonly CommandEntry[] = [
  { path: ['init'], prompts: true, load: () => import('./init.js') },
  { path: ['users', 'list'], prompts: false, load: () => import('./users/list.js') },
  { path: ['users', 'show'], prompts: false, load: () => import('./users/show.js') },
  { path: ['users', 'add'], prompts: true, load: () => import('./users/add.js') },
  { path: ['users', 'set'], prompts: false, load: () => import('./users/set.js') },
  { path: ['users', 'unlock'], prompts: false, load: () => import('./users/unlock.js') },
  { path: ['users', 'remove'], prompts: false, load: () => import('./users/remove.js') },
  { path: ['pin', 'set'], prompts: true, load: () => import('./pin/set.js') },
  { path: ['pin', 'remove'], prompts: true, load: () => import('./pin/remove.js') },
  { path: ['pin', 'reset'], prompts: true, load: () => import('./pin/reset.js') },
  { path: ['pin', 'verify'], prompts: true, load: () => import('./pin/verify.js') },
  { path: ['password', 'set'], prompts: true, load: () => import('./password/set.js') },
  { path: ['password', 'reset'], prompts: true, load: () => import('./password/reset.js') },
  { path: ['recovery', 'codes'], prompts: true, load: () => import('./recovery/codes.js') },
  { path: ['recovery', 'status'], prompts: false, load: () => import('./recovery/status.js') },
  { path: ['plan', 'set'], prompts: false, load: () => import('./plan/set.js') },
  { path: ['timezone'], prompts: false, load: () => import('./timezone.js') },
  { path: ['hours', 'grant'], prompts: false, load: () => import('./hours/grant.js') },
  { path: ['hours', 'revoke'], prompts: false, load: () => import('./hours/revoke.js') },
  { path: ['hours', 'check'], prompts: false, load: () => import('./hours/check.js') },
  { path: ['log'], prompts: false, load: () => import('./log.js') },
  { path: ['key', 'init'], prompts: false, load: () => import('./key/init.js') },
  { path: ['key', 'status'], prompts: false, load: () => import('./key/status.js') },
  { path: ['key', 'rotate'], prompts: false, load: () => import('./key/rotate.js') },
  { path: ['key', 'prune'], prompts: false, load: () => import('./key/prune.js') },
  { path: ['config', 'get'], prompts: false, load: () => import('./config/get.js') },
  { path: ['config', 'set'], prompts: false, load: () => import('./config/set.js') },
  { path: ['config', 'unset'], prompts: false, load: () => import('./config/unset.js') },
  { path: ['completion'], prompts: false, load: () => import('./completion.js'), wholeTree: true },
];
