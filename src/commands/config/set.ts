import { configRun, STORE_KEY, type ConfigOptions } from '../config.js';
import type { CommandSpec } from '../spec.js';

export const command: CommandSpec<ConfigOptions, [string, string]> = {
  description: 'set a preference (the default store path)',
  arguments: [STORE_KEY, { name: '<path>', description: 'the store file', completes: 'files' }],
  parse: ({ args: [key, value], cwd }) => ({ action: 'set', key, value, cwd }),
  run: configRun,
};
