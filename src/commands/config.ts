import { resolve } from 'node:path';
import { HouseholdError } from '../domain/errors.js';
import type { Context } from './context.js';
import type { ArgumentSpec } from './spec.js';

export interface ConfigOptions {
  action: 'get' | 'set' | 'unset';
  key: string;
  value?: string;
  cwd: string;
}

/** The KEY of `config get`, `set` and `unset` (src/commands/config/): the one preference there is. */
export const STORE_KEY: ArgumentSpec = { name: '<key>', description: 'the preference: store', choices: ['store'] };

export async function configRun(ctx: Context, opts: ConfigOptions): Promise<void> {
  if (opts.key !== 'store') throw new HouseholdError('USAGE', `unknown preference ${opts.key}; the only one is store`);
  switch (opts.action) {
    case 'get': {
      const value = await ctx.preferences.get('store');
      ctx.io.value({ store: value ?? null }, value);
      if (value === undefined) ctx.io.note('store is not set: household uses --store, $HOUSEHOLD_STORE or the default data folder');
      return;
    }
    case 'set': {
      if (!opts.value) throw new HouseholdError('USAGE', 'config set store needs a PATH');
      const path = resolve(opts.cwd, opts.value);
      await ctx.preferences.set('store', path);
      ctx.io.result({ store: path }, `the default store is now ${path}`);
      return;
    }
    case 'unset':
      await ctx.preferences.unset('store');
      ctx.io.result({ store: null }, 'the default store preference is unset');
  }
}
