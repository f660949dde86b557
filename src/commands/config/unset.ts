import { configRun, STORE_KEY, type ConfigOptions } from '../config.js';
import type { CommandSpec } from '../spec.js';

export const command: CommandSpec<ConfigOptions, [string]> = {
  description: 'forget a preference',
  arguments: [STORE_KEY],
  parse: ({ args: [key], cwd }) => ({ action: 'unset', key, value: undefined, cwd }),
  run: configRun,
};
