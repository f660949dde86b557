import { unlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { HouseholdError } from '../domain/errors.js';
import { importPackage } from './packages.js';

/** The operator's preferences, kept with conf. The only file that imports conf, and only when asked. */
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

/** conf's errors quote the file; this says what is wrong with it without its contents. */
function unusableConfig(path: string, error: unknown): HouseholdError {
  const message = error instanceof Error ? error.message : '';
  const problem =
    error instanceof SyntaxError
      ? 'it is not valid JSON'
      : message.includes('schema violation')
        ? 'its store value is not a path (a non-empty string)'
        : `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`;
  return new HouseholdError('CONFIG_UNUSABLE', `the config file ${path} is unusable: ${problem}`, 'household config unset store (or config set store PATH) rewrites it');
}

export class ConfPreferences implements Preferences {
  private conf?: Promise<ConfStore>;
  private readonly folder: string;

  constructor(env: Record<string, string | undefined>) {
    this.folder = configFolder(env);
  }

  private path(): string {
    return join(this.folder, 'config.json');
  }

  private open(Conf: typeof import('conf').default): ConfStore {
    return new Conf<{ store?: string }>({
      projectName: 'household',
      cwd: this.folder,
      schema: { store: { type: 'string', minLength: 1 } },
    });
  }

  /** With `repair`, a file conf cannot use is replaced: set and unset must always be able to fix it. */
  private load(repair = false): Promise<ConfStore> {
    this.conf ??= importPackage<typeof import('conf')>('conf').then(({ default: Conf }) => {
      try {
        return this.open(Conf);
      } catch (error) {
        if (!repair) throw unusableConfig(this.path(), error);
        try {
          unlinkSync(this.path());
        } catch {
          // gone already, or not ours to remove: conf says why below
        }
        try {
          return this.open(Conf);
        } catch (again) {
          throw unusableConfig(this.path(), again);
        }
      }
    });
    return this.conf;
  }

  async get(key: 'store'): Promise<string | undefined> {
    return (await this.load()).get(key);
  }

  async set(key: 'store', value: string): Promise<void> {
    (await this.load(true)).set(key, value);
  }

  async unset(key: 'store'): Promise<void> {
    (await this.load(true)).delete(key);
  }

  async location(): Promise<string> {
    return this.path();
  }
}
