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

  it('serves repeated reads from the cache while the data is unchanged, and fresh data after any change', async () => {
    const { store, reader } = await setup();
    await store.replaceSource('seed', [makeListing('test.alpha')]);
    expect((await reader.listPlugins(query)).totalCount).toBe(1);
    expect(await reader.getPlugin('test.beta')).toBeUndefined();
    const loads = jest.spyOn(store, 'getPlugin');
    await reader.getPlugin('test.alpha');
    await reader.getPlugin('test.alpha');
    expect(loads).toHaveBeenCalledTimes(1);

    // A change made through the store (another replica's ingester) shows at once.
    await store.replaceSource('seed', [makeListing('test.alpha'), makeListing('test.beta')]);
    expect((await reader.listPlugins(query)).totalCount).toBe(2);
    expect((await reader.getPlugin('test.beta'))?.id).toBe('test.beta');
    expect(await reader.countByCategory()).toEqual({ other: 2 });

    await reader.invalidate();
    await reader.getPlugin('test.alpha');
    expect(loads).toHaveBeenCalledTimes(3);
  });

  it('shows an install or uninstall finished anywhere at once', async () => {
    const { store, reader } = await setup();
    await store.replaceSource('seed', [makeListing('test.alpha')]);
    expect((await reader.getPlugin('test.alpha'))?.installed).toBe(false);
    const db = (store as unknown as { db: import('knex').Knex }).db;
    const now = new Date().toISOString();
    await db('installations').insert({ plugin_id: 'test.alpha', version: '1.0.0', status: 'installed', installed_at: now, installed_by: 'user:default/test', updated_at: now });
    expect((await reader.getPlugin('test.alpha'))?.installed).toBe(true);
    await db('installations').where({ plugin_id: 'test.alpha' }).delete();
    expect((await reader.getPlugin('test.alpha'))?.installed).toBe(false);
  });
});
