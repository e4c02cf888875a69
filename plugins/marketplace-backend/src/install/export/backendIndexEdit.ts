import { ConflictError } from '@backstage/errors';

/** The comment over the features an exported change adds, so a later export adds to the same block. */
export const EXPORTED_FEATURES_COMMENT = '// Added from the marketplace as a reviewed change.';

const START = /^backend\.start\(\);[ \t]*\r?$/m;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether the backend's index already adds the package (`backend.add(import('pkg'))`, on one line or several). */
export function addsPackage(text: string, name: string): boolean {
  return new RegExp(`import\\(\\s*['"\`]${escapeRegExp(name)}['"\`]\\s*\\)`).test(text);
}

/**
 * Adds `backend.add(import('<pkg>'));` for each package the backend's
 * `src/index.ts` does not add yet, under a comment of their own just before
 * `backend.start();` (or after the lines an earlier export added there).
 * Everything else in the file stays as it is; packages already added change
 * nothing.
 *
 * @param path - the file's path, for the error when it has no `backend.start();`
 */
export function addBackendFeatures(text: string, packageNames: string[], path: string): string {
  const missing = [...new Set(packageNames)].filter(name => !addsPackage(text, name));
  if (missing.length === 0) return text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = missing.map(name => `backend.add(import('${name}'));`);

  const all = text.split(eol);
  const block = all.findIndex(line => line.trim() === EXPORTED_FEATURES_COMMENT);
  if (block >= 0) {
    let end = block + 1;
    while (end < all.length && /^backend\.add\(/.test(all[end])) end++;
    all.splice(end, 0, ...lines);
    return all.join(eol);
  }

  const start = START.exec(text);
  if (!start) throw new ConflictError(`${path} has no 'backend.start();' line to add the backend plugins before`);
  const insert = [EXPORTED_FEATURES_COMMENT, ...lines, '', ''].join(eol);
  return `${text.slice(0, start.index)}${insert}${text.slice(start.index)}`;
}
