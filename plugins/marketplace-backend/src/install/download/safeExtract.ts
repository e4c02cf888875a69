import { createReadStream, promises as fs } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract, Parser, ReadEntry } from 'tar';
import { formatBytes } from '../../sources/npm/readLimitedBody';

/**
 * How much a package may unpack to.
 *
 * @public
 */
export interface ExtractLimits {
  /** All files together. */
  maxBytes: number;
  maxEntries: number;
  /** One file. */
  maxFileBytes: number;
}

/**
 * The archive holds something that must not be written to disk, or more
 * than the limits allow.
 *
 * @public
 */
export class UnsafeArchiveError extends Error {
  constructor(message: string, readonly entry?: string) {
    super(entry ? `${entry}: ${message}` : message);
    this.name = 'UnsafeArchiveError';
  }
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
// Source text compresses 5-10×; far more is a decompression bomb.
const MAX_DECOMPRESSION_RATIO = 200;

/**
 * A relative path with `.` and empty segments removed, or undefined for an
 * absolute path or one with a `..` segment (never resolved, so `a/../b`
 * cannot stand in for `b`).
 */
function safePath(path: string): string | undefined {
  if (/^([/\\]|[a-zA-Z]:)/.test(path)) return undefined;
  const segments = path.split(/[/\\]+/);
  if (segments.includes('..')) return undefined;
  return segments.filter(s => s && s !== '.').join('/');
}

/** The path below the archive's top directory (npm's `package/`). */
function stripTop(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '' : path.slice(slash + 1);
}

/** Why an entry must not be extracted, or undefined when it is fine. */
function refusal(entry: Pick<ReadEntry, 'path' | 'type' | 'linkpath' | 'size'>, limits: ExtractLimits): string | undefined {
  const path = safePath(entry.path);
  if (path === undefined) return 'is an absolute path or has a ".." segment';
  const inside = stripTop(path);
  if (entry.type === 'Directory') return undefined;
  if (FILE_TYPES.has(entry.type)) {
    if (!inside) return 'is a file outside the package directory';
    if ((entry.size ?? 0) > limits.maxFileBytes) return `is larger than ${formatBytes(limits.maxFileBytes)}`;
    return undefined;
  }
  if (entry.type === 'SymbolicLink') {
    const target = entry.linkpath ?? '';
    if (!inside || /^([/\\]|[a-zA-Z]:)/.test(target)) return `is a link to "${target}", outside the package`;
    const resolved = posix.normalize(posix.join(posix.dirname(inside), target.replace(/\\/g, '/')));
    if (resolved === '..' || resolved.startsWith('../')) return `is a link to "${target}", outside the package`;
    return undefined;
  }
  if (entry.type === 'Link') {
    const target = safePath(entry.linkpath ?? '');
    if (!inside || target === undefined || !stripTop(target)) return `is a hard link to "${entry.linkpath}", outside the package`;
    return undefined;
  }
  return `is a ${entry.type} entry; only files, directories and links inside the package are allowed`;
}

/**
 * Reads the whole archive without writing anything and refuses it at the
 * first entry that is unsafe or past a limit: absolute paths, `..`, links
 * out of the package, devices and FIFOs, too many entries or bytes.
 */
export async function inspectArchive(file: string, limits: ExtractLimits): Promise<{ entries: number; bytes: number }> {
  let entries = 0;
  let bytes = 0;
  let failure: Error | undefined;
  const parser = new Parser({
    strict: true,
    maxDecompressionRatio: MAX_DECOMPRESSION_RATIO,
    onReadEntry: entry => {
      if (failure) {
        entry.resume();
        return;
      }
      entries++;
      bytes += FILE_TYPES.has(entry.type) ? entry.size : 0;
      const why = refusal(entry, limits);
      if (why) failure = new UnsafeArchiveError(why, entry.path);
      else if (entries > limits.maxEntries) failure = new UnsafeArchiveError(`has more than ${limits.maxEntries} entries`);
      else if (bytes > limits.maxBytes) failure = new UnsafeArchiveError(`unpacks to more than ${formatBytes(limits.maxBytes)}`);
      if (failure) parser.abort(failure);
      entry.resume();
    },
  } as ConstructorParameters<typeof Parser>[0]);
  try {
    await pipeline(createReadStream(file), parser);
  } catch (error) {
    if (failure) throw failure;
    const message = (error as Error).message;
    if (/decompression ratio/.test(message)) {
      throw new UnsafeArchiveError(`unpacks to more than ${MAX_DECOMPRESSION_RATIO} times its size: a decompression bomb (${message})`);
    }
    throw new UnsafeArchiveError(`is not a readable gzipped tar archive (${message})`);
  }
  if (failure) throw failure;
  if (entries === 0) throw new UnsafeArchiveError('is empty or not a tar archive');
  return { entries, bytes };
}

/** Checks that nothing extracted resolves outside `root` (links included). */
async function checkTree(root: string) {
  const realRoot = await fs.realpath(root);
  const walk = async (dir: string): Promise<void> => {
    for (const dirent of await fs.readdir(dir, { withFileTypes: true })) {
      const path = join(dir, dirent.name);
      if (dirent.isSymbolicLink()) {
        const real = await fs.realpath(path).catch(() => undefined);
        // A dangling link inside is harmless; one that resolves outside is not.
        if (real && relative(realRoot, real).split(sep)[0] === '..') {
          throw new UnsafeArchiveError('resolves outside the package', relative(root, path));
        }
      } else if (dirent.isDirectory()) {
        await walk(path);
      } else if (!dirent.isFile()) {
        throw new UnsafeArchiveError('is neither a file, a directory nor a link', relative(root, path));
      }
    }
  };
  await walk(root);
}

/**
 * Extracts an npm tarball into `dest` (created, must not exist), without
 * its top directory (`package/`). The archive is inspected first, entries
 * are filtered again while extracting, and the written tree is checked for
 * links that leave it. On any failure `dest` is removed.
 */
export async function safeExtract(file: string, dest: string, limits: ExtractLimits) {
  const found = await inspectArchive(file, limits);
  await fs.mkdir(dest, { recursive: false });
  try {
    const refused: string[] = [];
    await extract({
      file,
      cwd: dest,
      strip: 1,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      filter: (path, entry) => {
        const why = refusal(entry as ReadEntry, limits);
        if (why) refused.push(`${path}: ${why}`);
        return !why;
      },
    });
    if (refused.length > 0) throw new UnsafeArchiveError(refused[0]);
    await checkTree(dest);
  } catch (error) {
    await fs.rm(dest, { recursive: true, force: true });
    throw error;
  }
  return found;
}
