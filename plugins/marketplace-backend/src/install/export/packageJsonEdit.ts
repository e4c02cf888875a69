import { ConflictError } from '@backstage/errors';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The indentation of a JSON text: that of its first indented line, else two spaces. */
function indentOf(text: string): string | number {
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0];
  return indent ?? 2;
}

function isSorted(keys: string[]): boolean {
  return keys.every((key, i) => i === 0 || keys[i - 1] <= key);
}

/**
 * Adds packages to the `dependencies` of a package.json text at exact
 * versions (a package already there moves to the version given). Keys stay
 * sorted when they were, else new ones go last; the file keeps its
 * indentation and its final newline. The same packages again change nothing.
 *
 * @param path - the file's path, for the error when the text is not a package.json
 */
export function addDependencies(text: string, packages: Array<{ name: string; version: string }>, path: string): string {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new ConflictError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(manifest)) throw new ConflictError(`${path} is not a package.json: it holds no JSON object`);
  const current = manifest.dependencies ?? {};
  if (!isObject(current)) throw new ConflictError(`${path}: 'dependencies' is not an object`);
  if (packages.every(p => current[p.name] === p.version)) return text;

  const dependencies: Record<string, unknown> = { ...current };
  for (const { name, version } of packages) dependencies[name] = version;
  const sorted = isSorted(Object.keys(current))
    ? Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => (a < b ? -1 : 1)))
    : dependencies;
  const edited = { ...manifest, dependencies: sorted };
  const newline = text.endsWith('\n') ? '\n' : '';
  return `${JSON.stringify(edited, null, indentOf(text))}${newline}`;
}
