import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { databases } from '../../__testUtils__/storage';
import { DatabasePluginLock } from '../DatabasePluginLock';
import { ReplicaCoordinator } from './ReplicaCoordinator';
import { ReplicaStore } from './ReplicaStore';

jest.setTimeout(60_000);

const SLOT_LEASE_MS = 120_000;

describe.each(databases.eachSupportedId())('ReplicaCoordinator on %s', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId as 'SQLITE_3');
    const database = mockServices.database({ knex });
    let time = 1_000_000;
    const clock = () => time;
    const store = await ReplicaStore.create({ database });
    const lock = await DatabasePluginLock.create({ database, clock });
    const restarts: string[] = [];

    /** A replica's process: `supervised` ones record their restart instead of exiting. */
    function replica(id: string, options: { supervised?: boolean; serving?: Record<string, string>; ready?: () => Promise<boolean> } = {}) {
      return ReplicaCoordinator.create({
        store,
        lock,
        logger: mockServices.logger.mock(),
        id,
        startedAt: time,
        serving: async () => options.serving ?? {},
        restart: options.supervised === false ? undefined : () => restarts.push(id),
        ready: options.ready,
        slotLeaseMs: SLOT_LEASE_MS,
        staleMs: 30_000,
        clock,
      });
    }
    return { store, replica, restarts, advance: (ms: number) => (time += ms) };
  }

  it('restarts every replica one at a time: the next goes when the one before is back', async () => {
    const { replica, restarts, advance } = await setup();
    const [a, b, c] = ['a', 'b', 'c'].map(id => replica(id));
    for (const r of [a, b, c]) await r.start();
    advance(1000);

    const { replicas } = await b.requestRollingRestart('user:default/ada');
    expect(replicas.map(r => r.id)).toEqual(['a', 'b', 'c']);
    for (const r of [a, b, c]) await r.tick();
    expect(restarts).toEqual(['a']);

    // While the first is down nobody else goes, however often they look.
    advance(5000);
    for (const r of [b, c, b, c]) await r.tick();
    expect(restarts).toEqual(['a']);
    expect((await a.replicas()).find(r => r.id === 'a')?.restartingAt).toBeDefined();

    // Its next process (same identity, started after the request) frees the slot and does not restart again.
    const a2 = replica('a');
    await a2.start();
    await a2.tick();
    expect((await a2.replicas()).find(r => r.id === 'a')?.restartingAt).toBeUndefined();
    for (const r of [c, b]) await r.tick();
    expect(restarts).toEqual(['a', 'c']);

    const c2 = replica('c');
    await c2.start();
    for (const r of [a2, b, c2]) await r.tick();
    expect(restarts).toEqual(['a', 'c', 'b']);
    const b2 = replica('b');
    await b2.start();
    for (const r of [a2, b2, c2]) await r.tick();
    expect(restarts).toEqual(['a', 'c', 'b']);

    // Done: every replica's process started after the request, so another may be asked for.
    advance(1000);
    await expect(a2.requestRollingRestart('user:default/bo')).resolves.toBeDefined();
  });

  it('goes on without a replica that does not come back once its slot lease has run out', async () => {
    const { replica, restarts, advance } = await setup();
    const [a, b] = ['a', 'b'].map(id => replica(id));
    await a.start();
    await b.start();
    advance(1000);
    await a.requestRollingRestart('user:default/ada');
    await a.tick();
    expect(restarts).toEqual(['a']);

    advance(SLOT_LEASE_MS - 1000);
    await b.tick();
    expect(restarts).toEqual(['a']);
    advance(2000);
    await b.tick();
    expect(restarts).toEqual(['a', 'b']);
  });

  it('leaves out replicas that cannot restart themselves, and waits for a replica that is not ready', async () => {
    const { replica, restarts, advance } = await setup();
    let busy = true;
    const unsupervised = replica('plain', { supervised: false });
    const busyOne = replica('busy', { ready: async () => !busy });
    const other = replica('other');
    for (const r of [unsupervised, busyOne, other]) await r.start();
    advance(1000);
    await unsupervised.requestRollingRestart('user:default/ada');

    for (const r of [unsupervised, busyOne, other]) await r.tick();
    expect(restarts).toEqual(['other']);
    await replica('other').start();
    await busyOne.tick();
    expect(restarts).toEqual(['other']);
    busy = false;
    await busyOne.tick();
    expect(restarts).toEqual(['other', 'busy']);
    await unsupervised.tick();
    expect(restarts).toEqual(['other', 'busy']);
  });

  it('refuses a rolling restart while one is under way, and when no replica can restart itself', async () => {
    const { replica, advance } = await setup();
    const a = replica('a');
    await a.start();
    advance(1000);
    await a.requestRollingRestart('user:default/ada');
    await expect(a.requestRollingRestart('user:default/bo')).rejects.toThrow(ConflictError);
    await expect(a.requestRollingRestart('user:default/bo')).rejects.toThrow(/asked for by user:default\/ada is still under way/);

    const { replica: replicaElsewhere } = await setup();
    const plain = replicaElsewhere('plain', { supervised: false });
    await plain.start();
    await expect(plain.requestRollingRestart('user:default/ada')).rejects.toThrow(ServiceUnavailableError);
  });

  it('reports what each process runs, and leaves out replicas that stopped reporting', async () => {
    const { replica, advance } = await setup();
    const a = replica('a', { serving: { 'acme.todo': '1.0.0' } });
    const b = replica('b');
    await a.start();
    await b.start();
    expect((await a.replicas()).map(r => [r.id, r.serving, r.supervised])).toEqual([
      ['a', { 'acme.todo': '1.0.0' }, true],
      ['b', {}, true],
    ]);
    advance(20_000);
    await a.tick();
    advance(20_000);
    expect((await b.replicas()).map(r => r.id)).toEqual(['a']);
    // One that shuts down for good leaves the list at once, and reports no more.
    await a.leave();
    await a.tick();
    expect((await b.replicas()).map(r => r.id)).toEqual([]);
    // A replica whose start could not report (the database was away) starts at its next tick.
    const c = replica('c');
    await c.tick();
    expect((await b.replicas()).map(r => r.id)).toEqual(['c']);
  });
});
