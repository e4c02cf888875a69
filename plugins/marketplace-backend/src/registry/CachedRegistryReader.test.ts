import { mockServices } from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { makeListing } from '../__testUtils__/listings';
import { caches, databases } from '../__testUtils__/storage';
import { CachedRegistryReader } from './CachedRegistryReader';
import { DatabaseRegistryStore } from './DatabaseRegistryStore';

const query = { offset: 0, limit: 10, sort: 'name' as const, order: 'asc' as const };

describe.each(caches.eachSupportedId())('CachedRegistryReader on the %s cache', cacheId => {
  async function setup() {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseRegistryStore.create({ database: mockServices.database({ knex }) });
    // The test cache's own client, which TestCaches closes after the suite.
    const { keyv } = await caches.init(cacheId);
    const cache: CacheService = {
      get: async key => keyv.get(key),
      set: async (key, value, options) => {
        await keyv.set(key, value, options?.ttl as number | undefined);
      },
      delete: async key => {
        await keyv.delete(key);
      },
      withOptions: () => cache,
    };
    return { store, reader: CachedRegistryReader.create({ store, cache }) };
  }

  it('serves repeated reads from the cache until invalidated', async () => {
    const { store, reader } = await setup();
    await store.replaceSource('seed', [makeListing('test.alpha')]);
    expect((await reader.listPlugins(query)).totalCount).toBe(1);
    expect(await reader.getPlugin('test.beta')).toBeUndefined();

    await store.replaceSource('seed', [makeListing('test.alpha'), makeListing('test.beta')]);
    // Stale by design until the ingester signals the change.
    expect((await reader.listPlugins(query)).totalCount).toBe(1);
    expect(await reader.getPlugin('test.beta')).toBeUndefined();

    await reader.invalidate();
    expect((await reader.listPlugins(query)).totalCount).toBe(2);
    expect((await reader.getPlugin('test.beta'))?.id).toBe('test.beta');
    expect(await reader.countByCategory()).toEqual({ other: 2 });
  });
});
