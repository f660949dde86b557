import { mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { errno, HouseholdError } from '../domain/errors.js';
import { checkConfigFile, checkNewStoreFolder, checkStorePath, CONFIG_FILE, currentUid, type CheckedPath } from '../store/safety.js';
import { importPackage } from './packages.js';

/** The operator's preferences, kept with conf. The only file that imports conf, and only to write. */
export interface Preferences {
  get(key: 'store'): Promise<string | undefined>;
  set(key: 'store', value: string): Promise<void>;
  unset(key: 'store'): Promise<void>;
  /** Where the preferences file is, for messages. */
  location(): Promise<string>;
}

type ConfStore = import('conf').default<{ store?: string }>;

/** `$XDG_CONFIG_HOME/household` (a relative XDG_CONFIG_HOME is ignored, as the XDG spec says), else ~/.config/household. */
export function configFolder(env: Record<string, string | undefined>): string {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(env.HOME || process.getBuiltinModule('node:os').homedir(), '.config');
  return join(base, 'household');
}

const REWRITES = 'household config unset store (or config set store PATH) rewrites it';

function unusableConfig(path: string, problem: string, hint = REWRITES): HouseholdError {
  return new HouseholdError('CONFIG_UNUSABLE', `the config file ${path} is unusable: ${problem}`, hint);
}

/** What conf reports, said without the file's contents (conf's own messages quote them). */
function confProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (error instanceof SyntaxError) return 'it is not valid JSON';
  if (message.includes('schema violation')) return 'its store value is not a path (a non-empty string)';
  return `it cannot be read (${errno(error) ?? 'unknown error'})`;
}

/**
 * The `store` preference in the file's text, as conf would find it (an object whose `store`, if there,
 * is a non-empty string), or the problem with it, never quoting the text.
 */
export function parseConfig(text: string): { store?: string } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'it is not valid JSON' };
  }
  const notAPath = { problem: 'its store value is not a path (a non-empty string)' };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return notAPath;
  const store: unknown = (data as Record<string, unknown>).store;
  if (store === undefined) return {};
  return typeof store === 'string' && store !== '' ? { store } : notAPath;
}

export class ConfPreferences implements Preferences {
  private readonly folder: string;

  constructor(env: Record<string, string | undefined>) {
    this.folder = configFolder(env);
  }

  private path(): string {
    return join(this.folder, 'config.json');
  }

  /**
   * The config file checked like the store (every folder and link on the way, then the file itself),
   * or undefined when there is none. Nothing is made, and conf is not loaded: most people have no
   * config file, and every command without --store asks.
   */
  private inspect(): CheckedPath | undefined {
    const path = this.path();
    try {
      return checkStorePath(path, CONFIG_FILE);
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return undefined;
      if (errno(error) === 'EACCES') throw unusableConfig(path, 'you are not allowed to look at it or its folder', 'run household as the user it belongs to, or name the store with --store PATH');
      throw error;
    }
  }

  /** The checked file's text: in folders only the user (or root) may write, it is still the file that was checked. */
  private read(checked: CheckedPath): string {
    try {
      return readFileSync(checked.target, 'utf8');
    } catch (error) {
      throw unusableConfig(this.path(), `it cannot be read (${errno(error) ?? 'unknown error'})`);
    }
  }

  async get(key: 'store'): Promise<string | undefined> {
    const checked = this.inspect();
    if (checked === undefined) return undefined;
    const loose = checkConfigFile(this.path(), checked.stats);
    if (loose) throw loose;
    const parsed = parseConfig(this.read(checked));
    if ('problem' in parsed) throw unusableConfig(this.path(), parsed.problem);
    return parsed[key];
  }

  /**
   * conf, on a file set and unset may write: its folders and links checked (a folder others may write,
   * or another user's file, is never written through); a file of the user's own that cannot be used as
   * it is (not JSON, a wrong value) is removed first, so that the CLI can always repair its own
   * preference. A loose mode needs no removal: conf writes a new file (0600) in its place.
   */
  private async openForWriting(): Promise<ConfStore> {
    const path = this.path();
    const checked = this.inspect();
    if (checked === undefined) {
      try {
        checkNewStoreFolder(path, this.folder, CONFIG_FILE);
        // Only folders made here get 0700; an existing folder is the user's business (it was checked).
        mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      } catch (error) {
        if (error instanceof HouseholdError) throw error;
        throw unusableConfig(path, `its folder cannot be made (${errno(error) ?? 'unknown error'})`, 'name another folder with $XDG_CONFIG_HOME, or the store with --store PATH');
      }
    } else {
      const loose = checkConfigFile(path, checked.stats);
      const parsed = parseConfig(this.read(checked));
      const uid = currentUid();
      if (uid !== undefined && checked.stats.uid !== uid) {
        // root's file in a user's folder: not the user's to replace, however it is broken.
        if (loose) throw loose;
        if ('problem' in parsed) throw unusableConfig(path, parsed.problem, 'it belongs to root: ask root to fix it, or name the store with --store PATH');
      } else if ('problem' in parsed) {
        unlinkSync(path);
      }
    }
    const { default: Conf } = await importPackage<typeof import('conf')>('conf');
    try {
      return new Conf<{ store?: string }>({
        projectName: 'household',
        cwd: dirname(path),
        configFileMode: 0o600,
        schema: { store: { type: 'string', minLength: 1 } },
      });
    } catch (error) {
      // Changed by someone else since it was checked.
      throw unusableConfig(path, confProblem(error));
    }
  }

  async set(key: 'store', value: string): Promise<void> {
    (await this.openForWriting()).set(key, value);
  }

  async unset(key: 'store'): Promise<void> {
    (await this.openForWriting()).delete(key);
  }

  async location(): Promise<string> {
    return this.path();
  }
}
