import { mockServices } from '@backstage/backend-test-utils';
import { databases } from '../__testUtils__/storage';
import { createStores, DAY_MS, event, HOUR_MS, listing } from './__testUtils__/fixtures';
import { DefaultDiscoveryService } from './DiscoveryService';
import { DiscoveryStore } from './DiscoveryStore';
import { DatabaseTrendingService } from './TrendingService';
import { PackagesInUseFn, SimilarPluginsFn } from './types';

jest.setTimeout(60_000);

const now = new Date();
const me = 'user:default/me';
const logger = mockServices.logger.mock();

async function createService(
  databaseId: string,
  listings: ReturnType<typeof listing>[],
  options: { similar?: SimilarPluginsFn; packagesInUse?: PackagesInUseFn } = {},
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

async function installs(store: DiscoveryStore, userRef: string, pluginIds: string[]) {
  for (const pluginId of pluginIds) {
    await store.addEvent(event(now, pluginId, 'install', 2 * DAY_MS, userRef));
  }
}

describe.each(databases.eachSupportedId())('recommendations on %s', databaseId => {
  it('recommends what other teams installed together with mine, saying so', async () => {
    const { store, discovery } = await createService(databaseId, [
      listing('test.k8s'),
      listing('test.argo'),
      listing('test.cost'),
      listing('test.lonely'),
    ]);
    await installs(store, me, ['test.k8s']);
    for (const team of ['group:default/a', 'group:default/b', 'group:default/c', 'group:default/d']) {
      await installs(store, team, ['test.k8s', 'test.argo']);
    }
    await installs(store, 'user:default/e', ['test.k8s', 'test.cost']);

    const recommendations = await discovery.recommendFor(me, 2);

    expect(recommendations.map(r => [r.id, r.reason])).toEqual([
      ['test.argo', 'Installed together with Plugin k8s by 4 teams'],
      ['test.cost', 'Installed together with Plugin k8s by 1 user'],
    ]);
    expect(recommendations[0].score).toBeGreaterThan(recommendations[1].score);
  });

  it('never recommends what the user or this instance already installed', async () => {
    const { store, discovery, installInInstance } = await createService(databaseId, [
      listing('test.k8s'),
      listing('test.argo'),
      listing('test.cost'),
      listing('test.flux'),
    ]);
    await installs(store, me, ['test.k8s', 'test.argo']);
    await installs(store, 'user:default/x', ['test.k8s', 'test.argo', 'test.cost', 'test.flux']);
    await installInInstance('test.cost');

    const recommendations = await discovery.recommendFor(me, 5);

    expect(recommendations.map(r => r.id)).toEqual(['test.flux']);
    expect(recommendations[0].reason).toMatch(/^Installed together with Plugin (k8s|argo) by 1 user$/);
  });

  it('recommends again what the user uninstalled, and uses co-views', async () => {
    const { store, discovery } = await createService(databaseId, [
      listing('test.a'),
      listing('test.b'),
      listing('test.c'),
    ]);
    await store.addEvent(event(now, 'test.a', 'install', 3 * DAY_MS, me));
    await store.addEvent(event(now, 'test.a', 'uninstall', 2 * DAY_MS, me));
    await store.addEvent(event(now, 'test.b', 'view', HOUR_MS, me));
    for (const user of ['user:default/x', 'user:default/y']) {
      await store.addEvent(event(now, 'test.b', 'view', DAY_MS, user));
      await store.addEvent(event(now, 'test.c', 'view', DAY_MS, user));
    }

    const recommendations = await discovery.recommendFor(me, 1);

    expect(recommendations.map(r => [r.id, r.reason])).toEqual([
      ['test.c', 'Viewed together with Plugin b by 2 users'],
    ]);
  });

  it('adds plugins my catalog entities use and plugins similar to mine', async () => {
    const similar = jest.fn<ReturnType<SimilarPluginsFn>, Parameters<SimilarPluginsFn>>(
      async pluginId => (pluginId === 'test.k8s' ? [{ id: 'test.helm', score: 0.9 }] : []),
    );
    const packagesInUse = jest.fn(async () => ['@test/plugin-vault-backend']);
    const { store, discovery } = await createService(
      databaseId,
      [listing('test.k8s'), listing('test.helm'), listing('test.vault')],
      { similar, packagesInUse },
    );
    await installs(store, me, ['test.k8s']);

    const recommendations = await discovery.recommendFor(me, 2);

    expect(packagesInUse).toHaveBeenCalledWith(me);
    expect(recommendations.map(r => [r.id, r.reason])).toEqual([
      ['test.vault', 'Your catalog entities use @test/plugin-vault-backend'],
      ['test.helm', 'Similar to Plugin k8s'],
    ]);
  });

  it('fills a new user’s list with trending and then popular plugins', async () => {
    const { store, discovery, installInInstance } = await createService(databaseId, [
      listing('test.hot', { downloads: 10 }),
      listing('test.big', { downloads: 5000 }),
      listing('test.installed', { downloads: 90_000 }),
    ]);
    await store.addEvent(event(now, 'test.hot', 'view', HOUR_MS, 'user:default/x'));
    await installInInstance('test.installed');

    const recommendations = await discovery.recommendFor('user:default/new', 5);

    expect(recommendations.map(r => [r.id, r.reason, r.score])).toEqual([
      ['test.hot', 'Trending this week', 0],
      ['test.big', 'Popular in the marketplace', 0],
    ]);
    expect(recommendations[1]).not.toHaveProperty('installs');
  });
});
