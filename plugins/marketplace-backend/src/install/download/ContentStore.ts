import { randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ExtractLimits, safeExtract } from './safeExtract';

const HEX = /^[0-9a-f]{128}$/;

function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  );
}

/** The hex sha512 of a file, read as a stream. */
export async function sha512File(path: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * The marketplace's file store: verified tarballs and the packages extracted
 * from them, both named by the tarball's sha512, so the same bytes are kept
 * once and a name says what is inside.
 *
 * ```
 * <root>/tarballs/sha512/<hex>.tgz   verified tarballs
 * <root>/sha512/<hex>/               extracted packages (package/ stripped)
 * <root>/tmp/                        downloads and extractions in progress
 * ```
 *
 * Everything enters by a rename from `tmp/` on the same file system, so a
 * name in `tarballs/` or `sha512/` is always complete: a process killed
 * half-way leaves only files in `tmp/`, which {@link ContentStore.cleanTemp}
 * removes.
 *
 * @public
 */
export class ContentStore {
  private constructor(readonly root: string) {}

  static async create(options: { root: string }): Promise<ContentStore> {
    const store = new ContentStore(options.root);
    await fs.mkdir(join(options.root, 'tmp'), { recursive: true });
    await fs.mkdir(join(options.root, 'sha512'), { recursive: true });
    await fs.mkdir(join(options.root, 'tarballs', 'sha512'), { recursive: true });
    // The store lives beside the code by default: keep it out of git without editing .gitignore.
    await fs.writeFile(join(options.root, '.gitignore'), '*\n', { flag: 'w' });
    return store;
  }

  /** Where the extracted package of a tarball is (whether or not it is there yet). */
  packageDir(digest: string): string {
    return join(this.root, 'sha512', checkDigest(digest));
  }

  tarballPath(digest: string): string {
    return join(this.root, 'tarballs', 'sha512', `${checkDigest(digest)}.tgz`);
  }

  async hasPackage(digest: string): Promise<boolean> {
    return exists(this.packageDir(digest));
  }

  async hasTarball(digest: string): Promise<boolean> {
    return exists(this.tarballPath(digest));
  }

  /** A new path in `tmp/`, named after what it is for (a job id) so a cleanup can tell whose it is. */
  tempPath(owner: string, suffix = ''): string {
    return join(this.root, 'tmp', `${owner}.${randomBytes(6).toString('hex')}${suffix}`);
  }

  /** Moves a verified download into the store under its digest. */
  async putTarball(tempFile: string, digest: string): Promise<string> {
    const target = this.tarballPath(digest);
    await fs.rename(tempFile, target);
    return target;
  }

  /**
   * Extracts the stored tarball of `digest` into the store (once: a package
   * already there is kept). Returns the package directory and whether this
   * call extracted it.
   */
  async extract(digest: string, owner: string, limits: ExtractLimits): Promise<{ dir: string; extracted: boolean; entries?: number; bytes?: number }> {
    const dir = this.packageDir(digest);
    if (await exists(dir)) return { dir, extracted: false };
    const temp = this.tempPath(owner, '.d');
    const found = await safeExtract(this.tarballPath(digest), temp, limits);
    try {
      await fs.rename(temp, dir);
    } catch (error) {
      await fs.rm(temp, { recursive: true, force: true });
      // Another job extracted the same bytes first: theirs is as good as ours.
      if (await exists(dir)) return { dir, extracted: false };
      throw error;
    }
    return { dir, extracted: true, ...found };
  }

  /** Removes an extracted package (a rollback of the extraction that made it). */
  async removePackage(digest: string): Promise<void> {
    const dir = this.packageDir(digest);
    if (!(await exists(dir))) return;
    // Renamed away first so nobody sees a half-deleted package under its name.
    const doomed = this.tempPath('removed', '.d');
    await fs.rename(dir, doomed);
    await fs.rm(doomed, { recursive: true, force: true });
  }

  /** Removes what is in `tmp/`, except what belongs to the owners named (jobs running here). */
  async cleanTemp(keepOwners: Set<string> = new Set()): Promise<string[]> {
    const removed: string[] = [];
    const tmp = join(this.root, 'tmp');
    for (const name of await fs.readdir(tmp).catch(() => [] as string[])) {
      const owner = name.split('.')[0];
      if (keepOwners.has(owner)) continue;
      await fs.rm(join(tmp, name), { recursive: true, force: true });
      removed.push(name);
    }
    return removed;
  }

  /** Every extracted package in the store, by digest. */
  async listPackages(): Promise<string[]> {
    const names = await fs.readdir(join(this.root, 'sha512')).catch(() => [] as string[]);
    return names.filter(n => HEX.test(n));
  }
}

function checkDigest(digest: string): string {
  if (!HEX.test(digest)) throw new Error(`"${digest.slice(0, 20)}…" is not a hex sha512 digest`);
  return digest;
}
