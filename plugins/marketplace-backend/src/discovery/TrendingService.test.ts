import { mockServices } from '@backstage/backend-test-utils';
import { createClient } from '@redis/client';
import { randomUUID } from 'node:crypto';
import { caches, databases } from '../__testUtils__/storage';
import { createStores, DAY_MS, event, HOUR_MS, listing } from './__testUtils__/fixtures';
import { createTrendingService } from './createTrendingService';
import { DiscoveryStore } from './DiscoveryStore';
import { RedisTrendingService } from './RedisTrendingService';
import { DatabaseTrendingService, TrendingService } from './TrendingService';
import { TRENDING_RANGES, UsageEventType } from './types';

jest.setTimeout(60_000);

const logger = mockServices.logger.mock();
const redisIds = caches.eachSupportedId().filter(([id]) => id === 'REDIS_7');

const PLUGINS = ['test.a', 'test.b', 'test.c', 'test.d', 'test.e'];

/** A mix of events over the last 40 days, the same on every run. */
function history(now: Date) {
  const events = [];
  for (let i = 0; i < 60; i++) {
    const pluginId = PLUGINS[(i * 7) % PLUGINS.length];
    let type: UsageEventType = 'view';
    if (i % 6 === 0) type = 'install';
    else if (i % 17 === 0) type = 'uninstall';
    const ago = ((i * 37) % 960) * HOUR_MS + i * 60_000;
    events.push(event(now, pluginId, type, ago, `user:default/u${i % 9}`));
  }
  return events;
}

describe.each(redisIds)('Redis and database trending on %s', cacheId => {
  let connection: string;
  let keyPrefix: string;
  const services: RedisTrendingService[] = [];

  beforeAll(async () => {
    connection = (await caches.init(cacheId as 'REDIS_7')).connection;
  });

  beforeEach(() => {
    keyPrefix = `test:${randomUUID()}:trending:`;
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map(s => s.close()));
    const client = createClient({ url: connection });
    await client.connect();
    for await (const key of client.scanIterator({ MATCH: `${keyPrefix}*` })) {
      await client.del(key);
    }
    await client.quit();
  });

  async function redisTrending(fallback: TrendingService) {
    const service = await RedisTrendingService.create({ connection, keyPrefix, fallback, logger });
    services.push(service);
    return service;
  }

  async function record(store: DiscoveryStore, trending: TrendingService, events: ReturnType<typeof history>) {
    for (const e of events) {
      await store.addEvent(e);
      await trending.count(e);
    }
  }

  it.each(databases.eachSupportedId())('ranks like the database on %s in every range', async databaseId => {
    const { store } = await createStores(databaseId, PLUGINS.map(id => listing(id)));
    const database = DatabaseTrendingService.create({ store });
    const redis = await redisTrending(database);
    const now = new Date();
    await record(store, redis, history(now));

    for (const range of TRENDING_RANGES) {
      const fromRedis = await redis.scores(range, now);
      const fromDatabase = await database.scores(range, now);
      expect(fromRedis.map(s => s.id)).toEqual(fromDatabase.map(s => s.id));
      fromRedis.forEach((s, i) => expect(s.score).toBeCloseTo(fromDatabase[i].score, 6));
      expect(fromRedis.length).toBeGreaterThan(0);
    }
  });

  it('ranks newer events above older ones of the same count, and installs above views', async () => {
    const { store } = await createStores('SQLITE_3', PLUGINS.map(id => listing(id)));
    const redis = await redisTrending(DatabaseTrendingService.create({ store }));
    const now = new Date();
    await record(store, redis, [
      event(now, 'test.a', 'view', 20 * HOUR_MS),
      event(now, 'test.a', 'view', 20 * HOUR_MS),
      event(now, 'test.b', 'view', 2 * HOUR_MS),
      event(now, 'test.b', 'view', 2 * HOUR_MS),
      event(now, 'test.c', 'install', 2 * HOUR_MS),
      event(now, 'test.d', 'view', 3 * DAY_MS),
    ]);

    expect((await redis.scores('24h', now)).map(s => s.id)).toEqual(['test.c', 'test.b', 'test.a']);
    expect((await redis.scores('7d', now)).map(s => s.id)).toEqual([
      'test.c',
      'test.b',
      'test.a',
      'test.d',
    ]);
  });

  it.each(databases.eachSupportedId())(
    'fills an empty Redis from the events stored on %s, once',
    async databaseId => {
      const { store } = await createStores(databaseId, PLUGINS.map(id => listing(id)));
      const database = DatabaseTrendingService.create({ store });
      const now = new Date();
      for (const e of history(now)) await store.addEvent(e);

      const redis = await redisTrending(database);
      const counted = await redis.backfill(store, now);
      const again = await (await redisTrending(database)).backfill(store, now);

      // Events older than the longest window and its last bucket are not read.
      expect(counted).toBeGreaterThan(40);
      expect(counted).toBeLessThan(60);
      expect(again).toBe(0);
      for (const range of TRENDING_RANGES) {
        const fromRedis = await redis.scores(range, now);
        const fromDatabase = await database.scores(range, now);
        expect(fromRedis.map(s => s.id)).toEqual(fromDatabase.map(s => s.id));
        fromRedis.forEach((s, i) => expect(s.score).toBeCloseTo(fromDatabase[i].score, 6));
      }
    },
  );

  it('is chosen when the backend cache is Redis', async () => {
    const { store } = await createStores('SQLITE_3', [listing('test.a')]);
    const lifecycle = mockServices.lifecycle.mock();
    const config = mockServices.rootConfig({
      data: { backend: { cache: { store: 'redis', connection } } },
    });

    const trending = await createTrendingService({ config, store, logger, lifecycle, keyPrefix });

    expect(trending).toBeInstanceOf(RedisTrendingService);
    expect(lifecycle.addShutdownHook).toHaveBeenCalled();
    await (trending as RedisTrendingService).close();
  });
});

describe('Redis trending without Redis', () => {
  it('reads the database while Redis does not answer', async () => {
    const { store } = await createStores('SQLITE_3', [listing('test.a')]);
    const now = new Date();
    await store.addEvent(event(now, 'test.a', 'view', HOUR_MS));
    const database = DatabaseTrendingService.create({ store });
    const redis = await RedisTrendingService.create({
      // Nothing listens on port 1.
      connection: 'redis://127.0.0.1:1',
      fallback: database,
      logger,
      connectTimeoutMs: 200,
    });

    await redis.count(event(now, 'test.a', 'view', 0));
    const scores = await redis.scores('24h', now);
    await redis.close();

    expect(scores).toEqual(await database.scores('24h', now));
    expect(scores.map(s => s.id)).toEqual(['test.a']);
  });

  it('is the database when the backend cache is not Redis', async () => {
    const { store } = await createStores('SQLITE_3', [listing('test.a')]);
    const trending = await createTrendingService({
      config: mockServices.rootConfig({ data: { backend: { cache: { store: 'memory' } } } }),
      store,
      logger,
      lifecycle: mockServices.lifecycle.mock(),
    });

    expect(trending).toBeInstanceOf(DatabaseTrendingService);
  });
});
