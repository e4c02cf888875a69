import { mockServices } from '@backstage/backend-test-utils';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { databases } from '../__testUtils__/storage';
import { DatabaseInstallJobStore } from './DatabaseInstallJobStore';
import { DatabasePluginLock } from './DatabasePluginLock';

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('DatabasePluginLock on %s', databaseId => {
  async function createLock() {
    const knex = await databases.init(databaseId as 'SQLITE_3');
    const database = mockServices.database({ knex });
    await DatabaseInstallJobStore.create({ database });
    let time = 1_000_000;
    const lock = await DatabasePluginLock.create({ database, clock: () => time });
    return { knex, lock, advance: (ms: number) => (time += ms) };
  }

  it('gives a plugin to one holder at a time; other plugins stay free', async () => {
    const { lock } = await createLock();
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => lock.tryAcquire('test.todo', `host/1/owner-${i}`, 10_000)),
    );
    expect(attempts.filter(Boolean)).toHaveLength(1);
    expect(await lock.tryAcquire('test.other', 'host/1/other', 10_000)).toBe(true);
    expect(await lock.isHeld('test.todo')).toBe(true);
  });

  it('lets another holder take an expired lease over; the first then cannot renew it', async () => {
    const { lock, advance } = await createLock();
    expect(await lock.tryAcquire('test.todo', 'host/1/a', 10_000)).toBe(true);
    advance(5_000);
    expect(await lock.renew('test.todo', 'host/1/a', 10_000)).toBe(true);
    advance(9_000);
    expect(await lock.tryAcquire('test.todo', 'host/1/b', 10_000)).toBe(false);
    advance(2_000);
    expect(await lock.isHeld('test.todo')).toBe(false);
    expect(await lock.tryAcquire('test.todo', 'host/1/b', 10_000)).toBe(true);
    expect(await lock.renew('test.todo', 'host/1/a', 10_000)).toBe(false);
    await lock.release('test.todo', 'host/1/a');
    expect(await lock.isHeld('test.todo')).toBe(true);
    await lock.release('test.todo', 'host/1/b');
    expect(await lock.isHeld('test.todo')).toBe(false);
  });

  it('takes over at once a lease held by a process of this host that no longer exists', async () => {
    const { lock } = await createLock();
    // A pid that existed and has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    expect(await lock.tryAcquire('test.todo', `${hostname()}/${gone}/job`, 60_000)).toBe(true);
    expect(await lock.isHeld('test.todo')).toBe(false);
    expect(await lock.tryAcquire('test.todo', `${hostname()}/${process.pid}/mine`, 60_000)).toBe(true);
    // A live process (this one) keeps its lease.
    expect(await lock.tryAcquire('test.todo', `${hostname()}/${process.pid}/other`, 60_000)).toBe(false);
  });
});
