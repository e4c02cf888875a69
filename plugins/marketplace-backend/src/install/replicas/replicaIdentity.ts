import { InputError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'replica-id';
const VALID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The replica's identity, the same for each process the replica runs, so
 * that a restarted process frees the restart slot its previous one took:
 *
 * - `MARKETPLACE_REPLICA_ID` when set (e.g. the pod's name in Kubernetes,
 *   where a restarted container starts from a fresh file system);
 * - else kept in the replica's install store (`<storeDir>/replica-id`), on
 *   its own disk as the packages it installed are. A missing or unreadable
 *   file gets a new identity, written atomically.
 */
export async function replicaIdentity(storeDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.MARKETPLACE_REPLICA_ID?.trim();
  if (fromEnv) {
    if (!VALID.test(fromEnv)) {
      throw new InputError(
        `MARKETPLACE_REPLICA_ID must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit, got ${JSON.stringify(fromEnv.slice(0, 80))}`,
      );
    }
    return fromEnv;
  }
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
