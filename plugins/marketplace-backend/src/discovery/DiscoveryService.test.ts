import { mockServices } from '@backstage/backend-test-utils';
import { databases } from '../__testUtils__/storage';
import { createStores, DAY_MS, HOUR_MS, listing } from './__testUtils__/fixtures';
import { DefaultDiscoveryService } from './DiscoveryService';
import { DatabaseTrendingService } from './TrendingService';
import { SimilarPluginsFn } from './types';

jest.setTimeout(60_000);

const now = new Date('2026-11-20T12:30:00.000Z');
const logger = mockServices.logger.mock();

async function createService(
  databaseId: string,
  listings: ReturnType<typeof listing>[],
  options: { similar?: SimilarPluginsFn; packagesInUse?: (userRef: string) => Promise<string[]> } = {},
) {
  const stores = await createStores(databaseId, listings);
  const discovery = DefaultDiscoveryService.create({
    store: stores.store,
    trending: DatabaseTrendingService.create({ store: stores.store }),
    logger,
    clock: () => now,
    ...options,
  });
  return { ...stores, discovery };
}

describe.each(databases.eachSupportedId())('DefaultDiscoveryService on %s', databaseId => {
  describe('events and trending', () => {
    it('records events and ranks them per range, newest and installs first', async () => {
      const { discovery } = await createService(databaseId, [
        listing('test.a'),
        listing('test.b'),
        listing('test.c'),
        listing('test.d'),
      ]);
      await discovery.recordEvent({ pluginId: 'test.a', type: 'view', at: new Date(now.getTime() - 20 * HOUR_MS) });
      await discovery.recordEvent({ pluginId: 'test.a', type: 'view', at: new Date(now.getTime() - 20 * HOUR_MS) });
      await discovery.recordEvent({ pluginId: 'test.b', type: 'view', at: new Date(now.getTime() - HOUR_MS) });
      await discovery.recordEvent({ pluginId: 'test.b', type: 'view', at: new Date(now.getTime() - HOUR_MS) });
      await discovery.recordEvent({ pluginId: 'test.c', type: 'install', userRef: 'user:default/x' });
      await discovery.recordEvent({ pluginId: 'test.d', type: 'search-click', at: new Date(now.getTime() - 3 * DAY_MS) });

      const ids = async (range: '24h' | '7d' | '30d', limit = 10) =>
        (await discovery.trending({ range, limit })).map(p => p.id);
      expect(await ids('24h')).toEqual(['test.c', 'test.b', 'test.a']);
      expect(await ids('7d')).toEqual(['test.c', 'test.b', 'test.a', 'test.d']);
      expect(await ids('7d', 2)).toEqual(['test.c', 'test.b']);
    });

    it('keeps each range to its window', async () => {
      const { discovery } = await createService(databaseId, [listing('test.week'), listing('test.month')]);
      await discovery.recordEvent({ pluginId: 'test.week', type: 'view', at: new Date(now.getTime() - 3 * DAY_MS) });
      await discovery.recordEvent({ pluginId: 'test.month', type: 'view', at: new Date(now.getTime() - 20 * DAY_MS) });
      await discovery.recordEvent({ pluginId: 'test.month', type: 'view', at: new Date(now.getTime() - 40 * DAY_MS) });

      expect(await discovery.trending({ range: '24h', limit: 10 })).toEqual([]);
      expect((await discovery.trending({ range: '7d', limit: 10 })).map(p => p.id)).toEqual(['test.week']);
      const month = await discovery.trending({ range: '30d', limit: 10 });
      expect(month.map(p => p.id)).toEqual(['test.week', 'test.month']);
      expect(month[0]).toMatchObject({ name: 'Plugin week', score: expect.any(Number) });
    });

    it('filters trending by category', async () => {
      const { discovery } = await createService(databaseId, [
        listing('test.ci', { category: 'ci-cd' }),
        listing('test.sec', { category: 'security' }),
        listing('test.ci2', { category: 'ci-cd' }),
      ]);
      for (const pluginId of ['test.sec', 'test.sec', 'test.ci', 'test.ci2', 'test.ci2']) {
        await discovery.recordEvent({ pluginId, type: 'view', at: new Date(now.getTime() - HOUR_MS) });
      }

      const ci = await discovery.trending({ range: '24h', limit: 10, category: 'ci-cd' });

      expect(ci.map(p => p.id)).toEqual(['test.ci2', 'test.ci']);
    });

    it('refuses unknown event types, unknown plugins and times in the future', async () => {
      const { discovery } = await createService(databaseId, [listing('test.a')]);

      await expect(
        discovery.recordEvent({ pluginId: 'test.a', type: 'like' as any }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        discovery.recordEvent({ pluginId: 'test.missing', type: 'view' }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        discovery.recordEvent({ pluginId: 'test.a', type: 'view', at: new Date(now.getTime() + HOUR_MS) }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        discovery.recordEvent({ pluginId: 'test.a', type: 'view', at: new Date('nonsense') }),
      ).rejects.toMatchObject({ name: 'InputError' });
      expect(await discovery.trending({ range: '30d', limit: 10 })).toEqual([]);
    });
  });

  describe('popular', () => {
    it('orders by downloads, lifted by installs, within a category', async () => {
      const { discovery } = await createService(databaseId, [
        listing('test.big', { downloads: 9000, category: 'ci-cd' }),
        listing('test.mid', { downloads: 2000, category: 'ci-cd' }),
        listing('test.small', { downloads: 50, category: 'ci-cd' }),
        listing('test.huge', { downloads: 1_000_000, category: 'security' }),
      ]);
      for (const user of ['user:default/a', 'user:default/b', 'user:default/c']) {
        await discovery.recordEvent({ pluginId: 'test.mid', type: 'install', userRef: user });
      }

      const popular = await discovery.popular({ category: 'ci-cd', limit: 10 });

      expect(popular.map(p => [p.id, p.installs])).toEqual([
        ['test.mid', 3],
        ['test.big', 0],
        ['test.small', 0],
      ]);
      expect(popular[0].score).toBeCloseTo(Math.log1p(2000) + 2 * Math.log1p(3), 6);
      expect((await discovery.popular({ limit: 2 })).map(p => p.id)).toEqual(['test.huge', 'test.mid']);
    });
  });

  describe('similar', () => {
    const listings = () => [
      listing('test.k8s', { category: 'infrastructure', tags: ['kubernetes'] }),
      listing('test.helm', { category: 'infrastructure', tags: ['kubernetes'] }),
      listing('test.chat', { category: 'collaboration', tags: ['slack'] }),
    ];

    it('uses the given similar function, without the plugin itself or unknown ids', async () => {
      const similar = jest.fn<ReturnType<SimilarPluginsFn>, Parameters<SimilarPluginsFn>>(
        async () => [
          { id: 'test.k8s', score: 1 },
          { id: 'test.chat', score: 0.8 },
          { id: 'test.gone', score: 0.7 },
          { id: 'test.helm', score: 0.6 },
        ],
      );
      const { discovery } = await createService(databaseId, listings(), { similar });

      const result = await discovery.similar('test.k8s', 5);

      expect(similar).toHaveBeenCalledWith('test.k8s', 6);
      expect(result.map(p => [p.id, p.score])).toEqual([
        ['test.chat', 0.8],
        ['test.helm', 0.6],
      ]);
    });

    it('falls back to category and tags when the similar function fails or has nothing', async () => {
      const failing = await createService(databaseId, listings(), {
        similar: async () => {
          throw new Error('index not ready');
        },
      });
      expect((await failing.discovery.similar('test.k8s', 5)).map(p => p.id)).toEqual(['test.helm']);

      const empty = await createService(databaseId, listings(), { similar: async () => [] });
      expect((await empty.discovery.similar('test.k8s', 5)).map(p => p.id)).toEqual(['test.helm']);

      await expect(empty.discovery.similar('test.missing', 5)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });
  });
});
