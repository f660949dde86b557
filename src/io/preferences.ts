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

export class ConfPreferences implements Preferences {
  private conf?: Promise<ConfStore>;

  private load(): Promise<ConfStore> {
    this.conf ??= importPackage<typeof import('conf')>('conf').then(
      ({ default: Conf }) =>
        new Conf<{ store?: string }>({
          projectName: 'household',
          // conf would otherwise name the folder household-nodejs.
          projectSuffix: '',
          schema: { store: { type: 'string', minLength: 1 } },
        }),
    );
    return this.conf;
  }

  async get(key: 'store'): Promise<string | undefined> {
    return (await this.load()).get(key);
  }

  async set(key: 'store', value: string): Promise<void> {
    (await this.load()).set(key, value);
  }

  async unset(key: 'store'): Promise<void> {
    (await this.load()).delete(key);
  }

  async location(): Promise<string> {
    return (await this.load()).path;
  }
}
