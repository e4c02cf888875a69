import { ConfigSources } from '@backstage/config-loader';
import { ConflictError, InputError } from '@backstage/errors';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { databases } from '../__testUtils__/storage';
import { createConfigFixture, firstPartyListing } from './__testUtils__/fixtures';
import { AtomicWriteFs, managedHeader } from './ManagedConfigFile';

jest.setTimeout(60_000);

const SCRIPT = resolve(__dirname, '../../../../scripts/ensure-managed-config.sh');
const ada = 'user:default/ada';
const bob = 'user:default/bob';

/** File operations that fail, when `failing.mode` says so, in the middle of writing or at the rename. */
function failingFs() {
  const failing: { mode?: 'write' | 'rename' } = {};
  const impl: AtomicWriteFs = {
    ...fs,
    open: (async (path: string, flags: string, mode?: number) => {
      const handle = await fs.open(path, flags, mode);
      if (failing.mode !== 'write' || flags !== 'wx') return handle;
      return {
        writeFile: async (data: string) => {
          await handle.writeFile(data.slice(0, Math.floor(data.length / 2)));
          throw new Error('ENOSPC: no space left on device');
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    }) as unknown as AtomicWriteFs['open'],
    rename: (async (from: string, to: string) => {
      if (failing.mode === 'rename') throw new Error('EIO: i/o error, rename');
      return fs.rename(from, to);
    }) as AtomicWriteFs['rename'],
  };
  return { failing, impl };
}

describe.each(databases.eachSupportedId())('DefaultManagedConfigStore on %s', databaseId => {
  it('records every change as a revision with author, message and diff, and writes the file at that revision', async () => {
    const { store, readFile } = await createConfigFixture(databaseId);
    expect(await store.get()).toEqual({ path: 'app-config.marketplace.yaml', yaml: '{}\n', revision: 0, loaded: false });

    const first = await store.save({ yaml: 'app:\n  title: Portal\n', message: 'Name the portal', author: ada, baseRevision: 0 });
    const second = await store.save({ yaml: 'app:\n  title: Dev Portal\n', message: 'Rename', author: bob, baseRevision: 1 });

    expect(first).toMatchObject({ revision: 1, author: ada, message: 'Name the portal', appliedLive: false });
    expect(second).toMatchObject({ revision: 2, author: bob, message: 'Rename' });
    expect(second.diff).toBe(
      '--- a/app-config.marketplace.yaml\n+++ b/app-config.marketplace.yaml\n@@ -1,2 +1,2 @@\n app:\n-  title: Portal\n+  title: Dev Portal\n',
    );
    expect(await readFile()).toBe(`${managedHeader(2)}app:\n  title: Dev Portal\n`);
    expect(await store.get()).toMatchObject({ yaml: 'app:\n  title: Dev Portal\n', revision: 2 });
    const { items, totalCount } = await store.listRevisions({ limit: 10, offset: 0 });
    expect(totalCount).toBe(2);
    expect(items.map(r => [r.revision, r.author])).toEqual([[2, bob], [1, ada]]);
    expect(items[0]).not.toHaveProperty('yaml');
    expect((await store.getRevision(1)).yaml).toBe('app:\n  title: Portal\n');
  });

  it.each(['write', 'rename'] as const)(
    'keeps the old file and records no revision when the %s step fails',
    async mode => {
      const { failing, impl } = failingFs();
      const { store, readFile, listDir } = await createConfigFixture(databaseId, { fs: impl });
      await store.save({ yaml: 'app:\n  title: Portal\n', message: 'first', author: ada, baseRevision: 0 });
      const before = await readFile();

      failing.mode = mode;
      await expect(
        store.save({ yaml: 'app:\n  title: Half written\n', message: 'second', author: ada, baseRevision: 1 }),
      ).rejects.toThrow(mode === 'write' ? /ENOSPC/ : /EIO/);

      expect(await readFile()).toBe(before);
      expect(await listDir()).toEqual(['app-config.marketplace.yaml']);
      expect((await store.get()).revision).toBe(1);
      expect((await store.listRevisions({ limit: 10, offset: 0 })).totalCount).toBe(1);

      failing.mode = undefined;
      const retried = await store.save({ yaml: 'app:\n  title: Retried\n', message: 'second', author: ada, baseRevision: 1 });
      expect(retried.revision).toBe(2);
    },
  );

  it('lets one of two saves made on the same revision win and refuses the other with a conflict', async () => {
    const { store, makeStore, readFile } = await createConfigFixture(databaseId);
    await store.save({ yaml: 'app:\n  title: Portal\n', message: 'first', author: ada, baseRevision: 0 });

    // The same process, and two replicas sharing the database.
    for (const [one, other] of [[store, store], [store, makeStore()]]) {
      const { revision } = await one.get();
      const results = await Promise.allSettled([
        one.save({ yaml: `app:\n  title: Ada ${revision}\n`, message: 'ada', author: ada, baseRevision: revision }),
        other.save({ yaml: `app:\n  title: Bob ${revision}\n`, message: 'bob', author: bob, baseRevision: revision }),
      ]);
      const won = results.filter(r => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect([won.length, lost.length]).toEqual([1, 1]);
      expect(lost[0].reason).toBeInstanceOf(ConflictError);
      expect(lost[0].reason.message).toMatch(new RegExp(`changed since revision ${revision}`));
      const winner = (won[0] as PromiseFulfilledResult<{ author: string; revision: number }>).value;
      expect(winner.revision).toBe(revision + 1);
      expect(await readFile()).toContain(winner.author === ada ? `Ada ${revision}` : `Bob ${revision}`);
    }
    expect((await store.listRevisions({ limit: 10, offset: 0 })).totalCount).toBe(3);

    await expect(store.save({ yaml: 'app: {}\n', message: 'stale', author: ada, baseRevision: 1 })).rejects.toThrow(
      'The managed config changed since revision 1: it is at revision 3',
    );
  });

  it('rolls back by recording the old content as a new revision', async () => {
    const { store, readFile } = await createConfigFixture(databaseId);
    await store.save({ yaml: 'app:\n  title: One\n', message: 'one', author: ada, baseRevision: 0 });
    await store.save({ yaml: 'app:\n  title: Two\n', message: 'two', author: ada, baseRevision: 1 });

    const rollback = await store.rollback(1, { author: bob });

    expect(rollback).toMatchObject({ revision: 3, author: bob, rollbackOf: 1, message: 'Rolled back to revision 1' });
    expect(rollback.diff).toContain('-  title: Two\n+  title: One');
    expect(await readFile()).toBe(`${managedHeader(3)}app:\n  title: One\n`);
    await expect(store.rollback(9, { author: bob })).rejects.toThrow('The managed config has no revision 9');
    await expect(store.rollback(2, { author: bob, baseRevision: 2 })).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a secret written as a plain value, naming the field and its line, and leaves the file alone', async () => {
    const { store, readFile } = await createConfigFixture(databaseId, {
      listings: [await firstPartyListing('marketplace.aika')],
      installed: ['marketplace.aika'],
    });
    await store.save({ yaml: 'app:\n  title: Portal\n', message: 'first', author: ada, baseRevision: 0 });
    const before = await readFile();
    const yaml = [
      'aika:',
      '  model:',
      '    provider: openai-compatible',
      '    baseUrl: https://llm.acme.example/v1',
      '    apiKey: sk-live-123',
      'proxy:',
      '  password: hunter2',
      '',
    ].join('\n');

    const error = await store.save({ yaml, message: 'oops', author: ada, baseRevision: 1 }).catch(e => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('/aika/model/apiKey (line 5): is a secret');
    expect(error.message).toContain('${AIKA_API_KEY}');
    expect(error.message).toContain('/proxy/password (line 7): is a secret');
    expect(error.message).not.toMatch(/sk-live-123|hunter2/);
    expect(await readFile()).toBe(before);

    const ok = await store.save({
      yaml: yaml.replace('sk-live-123', '${AIKA_API_KEY}').replace('hunter2', '${PROXY_PASSWORD}'),
      message: 'references',
      author: ada,
      baseRevision: 1,
    });
    expect(ok.revision).toBe(2);
  });

  it('reports YAML syntax errors and schema errors with their lines, against the installed plugins only', async () => {
    const { store } = await createConfigFixture(databaseId, {
      listings: [await firstPartyListing('marketplace.soundcheck'), await firstPartyListing('marketplace.rbac')],
      installed: ['marketplace.soundcheck'],
    });

    const syntax = await store.validate('app:\n  title: Portal\n  list: [1, 2\nother: 1\n');
    expect(syntax.valid).toBe(false);
    expect(syntax.errors).toEqual([{ path: '', message: expect.stringMatching(/^YAML syntax: /), line: 4 }]);
    await expect(store.save({ yaml: 'a: 1\na: 2\n', message: 'dup', author: ada, baseRevision: 0 })).rejects.toThrow(
      /\(document\) \(line 2\): YAML syntax: Map keys must be unique/,
    );
    expect((await store.validate('- just\n- a list\n')).errors).toEqual([
      { path: '', message: expect.stringContaining('must be a mapping'), line: 1 },
    ]);

    const schema = await store.validate('soundcheck:\n  schedule:\n    frequencyMinutes: often\n  certificationThreshold: 120\nrbac:\n  admins: not-a-list\n');
    // RBAC is not installed: its schema does not apply.
    expect(schema.errors).toEqual([
      { path: '/soundcheck/schedule/frequencyMinutes', message: 'must be number', line: 3 },
      { path: '/soundcheck/certificationThreshold', message: 'must be <= 100', line: 4 },
    ]);
  });

  it('records a hand edit as a revision, brings a stale or missing file up to date, and never records a hand-written secret', async () => {
    const { store, makeStore, readFile, writeFile, path, logger } = await createConfigFixture(databaseId, {
      listings: [await firstPartyListing('marketplace.aika')],
      installed: ['marketplace.aika'],
      file: `${managedHeader(0)}{}\n`,
    });
    expect(await store.sync()).toBe('current');

    await writeFile('# edited in vim\napp:\n  title: By hand\n');
    expect(await store.sync()).toBe('imported');
    const imported = (await store.listRevisions({ limit: 1, offset: 0 })).items[0];
    expect(imported).toMatchObject({ revision: 1, author: 'file:app-config.marketplace.yaml', message: 'Edited by hand in app-config.marketplace.yaml' });
    expect(imported.diff).toContain('+# edited in vim');
    expect(await readFile()).toBe(`${managedHeader(1)}# edited in vim\napp:\n  title: By hand\n`);

    // Another replica saved revision 2; this file still holds revision 1.
    const stale = await readFile();
    await makeStore().save({ yaml: 'app:\n  title: Elsewhere\n', message: 'remote', author: bob, baseRevision: 1 });
    await writeFile(stale);
    expect(await store.sync()).toBe('restored');
    expect(await readFile()).toBe(`${managedHeader(2)}app:\n  title: Elsewhere\n`);

    await fs.rm(path);
    expect(await store.sync()).toBe('restored');
    expect(await readFile()).toBe(`${managedHeader(2)}app:\n  title: Elsewhere\n`);

    await writeFile(`${managedHeader(2)}aika:\n  model:\n    apiKey: sk-typed-in\n`);
    expect(await store.sync()).toBe('refused');
    expect((await store.get()).revision).toBe(2);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('/aika/model/apiKey (line 3): is a secret'));
    expect(JSON.stringify((logger.error as jest.Mock).mock.calls)).not.toContain('sk-typed-in');
  });

  it('starts from the file the start scripts create, and keeps what a file from an earlier database holds', async () => {
    const fresh = await createConfigFixture(databaseId);
    execFileSync('bash', [SCRIPT, fresh.path]);
    expect(await fresh.readFile()).toBe(`${managedHeader(0)}{}\n`);
    expect(await fresh.store.sync()).toBe('current');
    expect(await fresh.store.get()).toMatchObject({ revision: 0, yaml: '{}\n' });
    // The script leaves an existing file alone.
    await fresh.writeFile(`${managedHeader(4)}app:\n  title: Kept\n`);
    execFileSync('bash', [SCRIPT, fresh.path]);

    // An in-memory database starts empty on every run; the file remembers revision 4.
    expect(await fresh.store.sync()).toBe('imported');
    expect(await fresh.store.get()).toMatchObject({ revision: 1, yaml: 'app:\n  title: Kept\n' });
    expect((await fresh.store.listRevisions({ limit: 1, offset: 0 })).items[0].message).toBe(
      'Imported from app-config.marketplace.yaml (revision 4 of an earlier database)',
    );
  });

  it('applies a change live when the backend loads the file, and says so only then', async () => {
    let close: (() => void) | undefined;
    const { store, config } = await createConfigFixture(databaseId, {
      file: `${managedHeader(0)}{}\n`,
      argv: ['--config', '{path}'],
      config: async path => {
        const loaded = await ConfigSources.toConfig(ConfigSources.default({ argv: ['--config', path], env: {} }));
        close = () => loaded.close();
        return loaded;
      },
    });
    try {
      expect((await store.get()).loaded).toBe(true);
      const revision = await store.save({ yaml: 'app:\n  title: Live\n', message: 'live', author: ada, baseRevision: 0 });
      expect(revision.appliedLive).toBe(true);
      expect(config.getString('app.title')).toBe('Live');
      expect((await store.listRevisions({ limit: 1, offset: 0 })).items[0].appliedLive).toBe(true);
      // A comment changes nothing the backend reads: nothing to wait for.
      const comment = await store.save({ yaml: '# why\napp:\n  title: Live\n', message: 'comment', author: ada, baseRevision: 1 });
      expect(comment.appliedLive).toBe(true);
    } finally {
      close?.();
    }

    const { store: unloaded } = await createConfigFixture(databaseId);
    expect((await unloaded.get()).loaded).toBe(false);
    const notLive = await unloaded.save({ yaml: 'app:\n  title: Not loaded\n', message: 'x', author: ada, baseRevision: 0 });
    expect(notLive.appliedLive).toBe(false);
  });
});
