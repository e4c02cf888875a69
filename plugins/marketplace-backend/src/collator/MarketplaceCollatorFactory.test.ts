import { mockServices } from '@backstage/backend-test-utils';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
import { marketplacePluginReadPermission } from '@internal/backstage-plugin-marketplace-common';
import { makeListing } from '../__testUtils__/listings';
import { databases } from '../__testUtils__/storage';
import { DatabaseRegistryStore } from '../registry/DatabaseRegistryStore';
import { MarketplaceCollatorFactory } from './MarketplaceCollatorFactory';
import { ApiPluginReader, StorePluginReader } from './pluginReaders';

jest.setTimeout(60_000);

async function collect(factory: MarketplaceCollatorFactory) {
  const { documents, error } = await TestPipeline.fromCollator(await factory.getCollator()).execute();
  if (error) throw error;
  return documents;
}

function summary(id: string) {
  return {
    id,
    name: `Plugin ${id}`,
    description: `About ${id}.`,
    version: '1.0.0',
    author: 'Someone',
    category: 'ci-cd',
    tags: ['ci', id],
    source: 'seed',
    firstParty: false,
    downloadsMonthly: 1,
    qualityScore: 1,
    roles: ['frontend-plugin'],
    updatedAt: '2026-11-01T00:00:00.000Z',
    installed: false,
  };
}

describe.each(databases.eachSupportedId())('MarketplaceCollatorFactory from the store on %s', databaseId => {
  it('yields one document per plugin, over several pages', async () => {
    const knex = await databases.init(databaseId as 'SQLITE_3');
    const store = await DatabaseRegistryStore.create({ database: mockServices.database({ knex }) });
    await store.replaceSource('seed', [
      makeListing('test.gamma', { spec: { category: 'monitoring', tags: ['metrics', 'alerts'] } }),
      makeListing('test.alpha', { spec: { author: { name: 'Alpha Team' } } }),
      makeListing('test.beta'),
    ]);
    const factory = MarketplaceCollatorFactory.create({
      reader: StorePluginReader.create({ store, pageSize: 2 }),
    });

    const documents = await collect(factory);

    expect(factory.type).toBe('marketplace');
    expect(factory.visibilityPermission).toBe(marketplacePluginReadPermission);
    expect(documents.map(d => d.location)).toEqual([
      '/marketplace/plugins/test.alpha',
      '/marketplace/plugins/test.beta',
      '/marketplace/plugins/test.gamma',
    ]);
    expect(documents[0]).toMatchObject({ title: 'Plugin alpha', author: 'Alpha Team' });
    expect(documents[2]).toEqual({
      title: 'Plugin gamma',
      text: 'The gamma plugin.\nmetrics alerts',
      location: '/marketplace/plugins/test.gamma',
      pluginId: 'test.gamma',
      category: 'monitoring',
      author: 'Test Authors',
      tags: ['metrics', 'alerts'],
      version: '1.0.0',
      source: 'seed',
      firstParty: false,
      installed: false,
      authorization: { resourceRef: 'test.gamma' },
    });
  });
});

describe('MarketplaceCollatorFactory through the REST API', () => {
  const discovery = mockServices.discovery.mock({
    getBaseUrl: async pluginId => `http://backend.test/api/${pluginId}`,
  });
  const auth = mockServices.auth();

  function stubFetch(pages: Array<{ items: any[]; totalCount: number }> | number) {
    return jest.fn(async (url: string) => {
      if (typeof pages === 'number') {
        return new Response(JSON.stringify({ error: { name: 'Error', message: 'broken' } }), {
          status: pages,
          statusText: 'Internal Server Error',
          headers: { 'content-type': 'application/json' },
        });
      }
      const offset = Number(new URL(url).searchParams.get('offset'));
      return Response.json(pages[offset / 2]);
    });
  }

  it('reads every page with a service token for the marketplace', async () => {
    const fetchFn = stubFetch([
      { items: [summary('test.a'), summary('test.b')], totalCount: 3 },
      { items: [summary('test.c')], totalCount: 3 },
    ]);
    const factory = MarketplaceCollatorFactory.create({
      reader: ApiPluginReader.create({ discovery, auth, fetch: fetchFn as any, pageSize: 2 }),
    });

    const documents = await collect(factory);

    expect(documents.map(d => d.title)).toEqual(['Plugin test.a', 'Plugin test.b', 'Plugin test.c']);
    expect(documents[0]).toMatchObject({ text: 'About test.a.\nci test.a', category: 'ci-cd', author: 'Someone' });
    expect(fetchFn).toHaveBeenCalledTimes(2);
    expect(fetchFn.mock.calls.map(c => c[0] as string)).toEqual([
      'http://backend.test/api/marketplace/plugins?sort=name&order=asc&offset=0&limit=2',
      'http://backend.test/api/marketplace/plugins?sort=name&order=asc&offset=2&limit=2',
    ]);
    const [, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toMatch(
      /^Bearer mock-service-token:.*"target":"marketplace"/,
    );
  });

  it('stops at a page that the total says is the last', async () => {
    const fetchFn = stubFetch([{ items: [summary('test.a'), summary('test.b')], totalCount: 2 }]);
    const factory = MarketplaceCollatorFactory.create({
      reader: ApiPluginReader.create({ discovery, auth, fetch: fetchFn as any, pageSize: 2 }),
    });

    expect(await collect(factory)).toHaveLength(2);
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('fails the run when the API answers with an error', async () => {
    const factory = MarketplaceCollatorFactory.create({
      reader: ApiPluginReader.create({ discovery, auth, fetch: stubFetch(500) as any }),
    });

    await expect(collect(factory)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 500,
    });
  });
});
