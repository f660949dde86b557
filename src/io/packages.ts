/**
 * How the ES-module-only packages (chalk, conf, @inquirer/prompts) are imported, and only here. The
 * CLI's bundle is compiled from V8's code cache by bin/household.js, and code compiled that way
 * cannot call import() itself, so bin/household.js hands in its own import().
 */
type Importer = (specifier: string) => Promise<unknown>;

let importer: Importer = (specifier) => import(specifier);

export function useImporter(replacement: Importer): void {
  importer = replacement;
}

export function importPackage<T>(specifier: string): Promise<T> {
  return importer(specifier) as Promise<T>;
}
