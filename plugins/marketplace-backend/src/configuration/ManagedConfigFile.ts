import { randomBytes } from 'node:crypto';
import { promises as nodeFs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EMPTY_BODY } from './yamlDocument';

/** The file operations an atomic write needs; tests replace them to fail mid-write. */
export interface AtomicWriteFs {
  open: typeof nodeFs.open;
  rename: typeof nodeFs.rename;
  rm: typeof nodeFs.rm;
  stat: typeof nodeFs.stat;
  readFile: typeof nodeFs.readFile;
}

/**
 * Writes a file so that readers see the old content or the new, never a
 * part: a temporary file in the same directory, flushed to disk, renamed over
 * the target, and the directory flushed so the rename survives a crash.
 * On failure the temporary file is removed and the target is untouched.
 */
export async function writeFileAtomic(path: string, content: string, fs: AtomicWriteFs = nodeFs) {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = await fs.stat(path).then(s => s.mode & 0o777, () => 0o644);
  let handle: Awaited<ReturnType<typeof nodeFs.open>> | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  // Not every platform lets a directory be opened for fsync; the rename is already done.
  const dirHandle = await fs.open(dir, 'r').catch(() => undefined);
  await dirHandle?.sync().catch(() => undefined);
  await dirHandle?.close().catch(() => undefined);
}

const HEADER = /^# Managed by the Backstage marketplace, revision (\d+)\b[^\n]*\n/;

/** The first line of the managed file: which revision it holds, and where to edit it. */
export function managedHeader(revision: number): string {
  return `# Managed by the Backstage marketplace, revision ${revision}. Edit it on the marketplace's configuration page; a change made here by hand is recorded as a new revision.\n`;
}

/** What the managed file holds: the revision its header names (absent when hand-made) and the YAML below it. */
export interface ManagedFileContent {
  revision?: number;
  body: string;
}

/** Splits the managed file into its header's revision and its body. */
export function parseManagedFile(text: string): ManagedFileContent {
  const match = HEADER.exec(text);
  if (!match) return { body: text };
  return { revision: Number(match[1]), body: text.slice(match[0].length) };
}

/**
 * The managed config file on disk (`app-config.marketplace.yaml`): a header
 * line with the revision, then the YAML of that revision.
 */
export class ManagedConfigFile {
  private constructor(
    /** Absolute path. */
    readonly path: string,
    private readonly fs: AtomicWriteFs,
  ) {}

  static create(options: { path: string; fs?: AtomicWriteFs }): ManagedConfigFile {
    return new ManagedConfigFile(options.path, options.fs ?? nodeFs);
  }

  /** The file's content, or undefined when there is no file. */
  async read(): Promise<ManagedFileContent | undefined> {
    try {
      return parseManagedFile(await this.fs.readFile(this.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Replaces the file atomically with a revision's body. */
  async write(revision: number, body: string): Promise<void> {
    await writeFileAtomic(this.path, `${managedHeader(revision)}${body || EMPTY_BODY}`, this.fs);
  }
}
