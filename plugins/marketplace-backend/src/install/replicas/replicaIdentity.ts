import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'replica-id';
const VALID = /^[A-Za-z0-9-]{8,64}$/;

/**
 * The replica's identity, kept in its install store (`<storeDir>/replica-id`)
 * so that a restarted process is the same replica: the file lives on the
 * replica's own disk, as the packages it installed do.
 *
 * A missing or unreadable file gets a new identity, written atomically.
 */
export async function replicaIdentity(storeDir: string): Promise<string> {
  const path = join(storeDir, FILE);
  try {
    const id = (await readFile(path, 'utf8')).trim();
    if (VALID.test(id)) return id;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const id = randomUUID();
  await mkdir(storeDir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${id}\n`, 'utf8');
  await rename(temporary, path);
  return id;
}
