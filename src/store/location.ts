import { isAbsolute, join, resolve } from 'node:path';
import { HouseholdError } from '../domain/errors.js';

export interface LocationSources {
  /** --store */
  flag?: string;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The `store` preference; only consulted (and conf only loaded) when neither of the above is set. */
  preference: () => Promise<string | undefined>;
}

/** --store, else $HOUSEHOLD_STORE, else the `store` preference, else the XDG data folder. */
export async function resolveStorePath(sources: LocationSources): Promise<string> {
  if (sources.flag !== undefined) {
    if (sources.flag === '') throw new HouseholdError('USAGE', '--store needs a path');
    return resolve(sources.cwd, sources.flag);
  }
  if (sources.env.HOUSEHOLD_STORE) return resolve(sources.cwd, sources.env.HOUSEHOLD_STORE);
  const preferred = await sources.preference();
  if (preferred) return resolve(sources.cwd, preferred);
  return defaultStorePath(sources.env);
}

export function defaultStorePath(env: Record<string, string | undefined>): string {
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const dataHome = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(env.HOME || homeFromPasswd(), '.local', 'share');
  return join(dataHome, 'household', 'household.json');
}

/** Only without $HOME: node:os is not worth loading at every start for a case that rare. */
function homeFromPasswd(): string {
  return process.getBuiltinModule('node:os').userInfo().homedir;
}
