import { configRun, STORE_KEY, type ConfigOptions } from '../config.js';
import type { CommandSpec } from '../spec.js';

export const command: CommandSpec<ConfigOptions, [string]> = {
  description: 'print a preference',
  arguments: [STORE_KEY],
  parse: ({ args: [key], cwd }) => ({ action: 'get', key, value: undefined, cwd }),
  run: configRun,
};
