import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replicaIdentity } from './replicaIdentity';

describe('replicaIdentity', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'replica-id-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates an identity once and gives the same one to every later process', async () => {
    const store = join(dir, 'store');
    const first = await replicaIdentity(store, {});
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await replicaIdentity(store, {})).toBe(first);
    expect((await readFile(join(store, 'replica-id'), 'utf8')).trim()).toBe(first);
  });

  it('takes MARKETPLACE_REPLICA_ID when set, and names it when it cannot be an identity', async () => {
    await expect(replicaIdentity(dir, { MARKETPLACE_REPLICA_ID: 'backstage-7d9f-x2k4q' })).resolves.toBe('backstage-7d9f-x2k4q');
    await expect(replicaIdentity(dir, { MARKETPLACE_REPLICA_ID: 'web-0' })).resolves.toBe('web-0');
    await expect(replicaIdentity(dir, { MARKETPLACE_REPLICA_ID: 'pod/../x' })).rejects.toThrow(
      'MARKETPLACE_REPLICA_ID must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit, got "pod/../x"',
    );
  });

  it('replaces an identity file that holds something else', async () => {
    await writeFile(join(dir, 'replica-id'), '../../etc/passwd\n');
    const id = await replicaIdentity(dir, {});
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await replicaIdentity(dir, {})).toBe(id);
  });
});
