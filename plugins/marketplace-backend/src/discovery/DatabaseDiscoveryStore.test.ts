import { databases } from '../__testUtils__/storage';
import { createStores, DAY_MS, event, HOUR_MS, listing } from './__testUtils__/fixtures';
import { trendingWindow } from './decay';

jest.setTimeout(60_000);

const now = new Date('2026-11-20T12:30:00.000Z');

describe.each(databases.eachSupportedId())('DatabaseDiscoveryStore on %s', databaseId => {
  it('scores events with exponential decay over the window', async () => {
    const { store } = await createStores(databaseId, [
      listing('test.fresh'),
      listing('test.stale'),
      listing('test.installed'),
      listing('test.old'),
    ]);
    const window = trendingWindow('24h');
    for (const e of [
      event(now, 'test.fresh', 'view', 1 * HOUR_MS),
      event(now, 'test.fresh', 'view', 1 * HOUR_MS),
      event(now, 'test.stale', 'view', 13 * HOUR_MS),
      event(now, 'test.stale', 'view', 13 * HOUR_MS),
      event(now, 'test.installed', 'install', 20 * HOUR_MS),
      event(now, 'test.old', 'install', 2 * DAY_MS),
    ]) {
      await store.addEvent(e);
    }

    const scores = await store.decayedScores(window, now);

    expect(scores.map(s => s.id)).toEqual(['test.fresh', 'test.installed', 'test.stale']);
    const score = (id: string) => scores.find(s => s.id === id)!.score;
    expect(score('test.fresh')).toBeCloseTo(2 * Math.exp(-window.rate * HOUR_MS), 8);
    // Twelve hours older: two half-lives.
    expect(score('test.stale') / score('test.fresh')).toBeCloseTo(0.25, 8);
    expect(score('test.installed')).toBeCloseTo(5 * Math.exp(-window.rate * 20 * HOUR_MS), 8);
  });

  it('leaves out plugins whose uninstalls outweigh their installs', async () => {
    const { store } = await createStores(databaseId, [listing('test.dropped'), listing('test.kept')]);
    await store.addEvent(event(now, 'test.dropped', 'install', 3 * HOUR_MS, 'user:default/a'));
    await store.addEvent(event(now, 'test.dropped', 'uninstall', 2 * HOUR_MS, 'user:default/a'));
    await store.addEvent(event(now, 'test.kept', 'view', 2 * HOUR_MS));

    const scores = await store.decayedScores(trendingWindow('24h'), now);

    expect(scores.map(s => s.id)).toEqual(['test.kept']);
  });

  it('counts who has a plugin installed from their newest install or uninstall', async () => {
    const { store, installInInstance } = await createStores(databaseId, [
      listing('test.a'),
      listing('test.b'),
      listing('test.c'),
    ]);
    const me = 'user:default/me';
    await store.addEvent(event(now, 'test.a', 'install', 5 * DAY_MS, me));
    await store.addEvent(event(now, 'test.b', 'install', 5 * DAY_MS, me));
    await store.addEvent(event(now, 'test.b', 'uninstall', 4 * DAY_MS, me));
    await store.addEvent(event(now, 'test.b', 'install', 3 * DAY_MS, me));
    await store.addEvent(event(now, 'test.a', 'uninstall', 1 * DAY_MS, me));
    await store.addEvent(event(now, 'test.c', 'view', 2 * HOUR_MS, me));
    await store.addEvent(event(now, 'test.a', 'view', 1 * HOUR_MS, me));
    await store.addEvent(event(now, 'test.b', 'search-click', 200 * DAY_MS, me));
    await installInInstance('test.c', me);

    const history = await store.userHistory(me, new Date(now.getTime() - 90 * DAY_MS));

    expect(history).toEqual({ installed: ['test.b', 'test.c'], viewed: ['test.a', 'test.c'] });
    expect(await store.installedPluginIds()).toEqual(['test.c']);
  });

  it('finds what other users installed together with a plugin', async () => {
    const { store } = await createStores(databaseId, [
      listing('test.k8s'),
      listing('test.argo'),
      listing('test.cost'),
    ]);
    for (const team of ['group:default/a', 'group:default/b', 'group:default/c']) {
      await store.addEvent(event(now, 'test.k8s', 'install', DAY_MS, team));
      await store.addEvent(event(now, 'test.argo', 'install', DAY_MS, team));
    }
    await store.addEvent(event(now, 'test.k8s', 'install', DAY_MS, 'user:default/d'));
    await store.addEvent(event(now, 'test.cost', 'install', DAY_MS, 'user:default/d'));
    await store.addEvent(event(now, 'test.cost', 'uninstall', HOUR_MS, 'user:default/d'));
    // The asking user's own installs are not evidence.
    await store.addEvent(event(now, 'test.k8s', 'install', DAY_MS, 'user:default/me'));
    await store.addEvent(event(now, 'test.cost', 'install', DAY_MS, 'user:default/me'));

    const rows = await store.coInstalled(['test.k8s'], 'user:default/me');

    expect(rows).toEqual([{ seed: 'test.k8s', candidate: 'test.argo', users: 3, teams: 3 }]);
    expect(await store.coInstalled([], 'user:default/me')).toEqual([]);
  });

  it('finds what other users viewed together with a plugin, recently', async () => {
    const { store } = await createStores(databaseId, [
      listing('test.a'),
      listing('test.b'),
      listing('test.c'),
    ]);
    const since = new Date(now.getTime() - 90 * DAY_MS);
    for (const user of ['user:default/x', 'user:default/y']) {
      await store.addEvent(event(now, 'test.a', 'view', DAY_MS, user));
      await store.addEvent(event(now, 'test.a', 'view', HOUR_MS, user));
      await store.addEvent(event(now, 'test.b', 'search-click', DAY_MS, user));
    }
    await store.addEvent(event(now, 'test.c', 'view', 100 * DAY_MS, 'user:default/x'));

    expect(await store.coViewed(['test.a'], 'user:default/me', since)).toEqual([
      { seed: 'test.a', candidate: 'test.b', users: 2, teams: 0 },
    ]);
  });

  it('offers the most downloaded plugins and every installed one as popular candidates', async () => {
    const { store } = await createStores(databaseId, [
      listing('test.big', { downloads: 9000, category: 'ci-cd' }),
      listing('test.mid', { downloads: 500, category: 'ci-cd' }),
      listing('test.small', { downloads: 10, category: 'ci-cd' }),
      listing('test.other', { downloads: 100_000, category: 'security' }),
    ]);
    await store.addEvent(event(now, 'test.small', 'install', DAY_MS, 'user:default/a'));
    await store.addEvent(event(now, 'test.small', 'install', DAY_MS, 'user:default/b'));
    await store.addEvent(event(now, 'test.other', 'install', DAY_MS, 'user:default/a'));

    const candidates = await store.popularCandidates({ category: 'ci-cd', limit: 1 });

    expect(candidates.map(c => [c.plugin.id, c.installs])).toEqual([
      ['test.big', 0],
      ['test.small', 2],
    ]);
  });

  it('finds plugins in the same category or with shared tags, most shared first', async () => {
    const { store } = await createStores(databaseId, [
      listing('test.k8s', { category: 'infrastructure', tags: ['kubernetes', 'deploy'] }),
      listing('test.argo', { category: 'ci-cd', tags: ['kubernetes', 'deploy', 'gitops'] }),
      listing('test.helm', { category: 'infrastructure', tags: ['kubernetes'] }),
      listing('test.terraform', { category: 'infrastructure', tags: ['iac'] }),
      listing('test.chat', { category: 'collaboration', tags: ['slack'] }),
    ]);

    const similar = await store.similarByCategoryAndTags('test.k8s', 10);

    expect(similar?.map(p => [p.id, p.score])).toEqual([
      ['test.argo', 4],
      ['test.helm', 3],
      ['test.terraform', 1],
    ]);
    expect(await store.similarByCategoryAndTags('test.missing', 10)).toBeUndefined();
  });

  it('maps package names to the plugins that provide them', async () => {
    const { store } = await createStores(databaseId, [listing('test.alpha')]);

    expect(
      await store.pluginsOfPackages(['@test/plugin-alpha-backend', '@test/unknown']),
    ).toEqual([{ packageName: '@test/plugin-alpha-backend', pluginId: 'test.alpha' }]);
  });

  it('pages through events since a time', async () => {
    const { store } = await createStores(databaseId, [listing('test.a')]);
    for (let i = 0; i < 5; i++) {
      await store.addEvent(event(now, 'test.a', 'view', (10 - i) * DAY_MS, `user:default/u${i}`));
    }

    const since = new Date(now.getTime() - 8 * DAY_MS);
    const first = await store.listEvents({ since, limit: 2 });
    const second = await store.listEvents({ since, afterId: first[1].id, limit: 2 });

    expect([...first, ...second].map(e => e.userRef)).toEqual([
      'user:default/u2',
      'user:default/u3',
      'user:default/u4',
    ]);
    expect(first[0].at).toEqual(new Date(now.getTime() - 8 * DAY_MS));
  });
});
