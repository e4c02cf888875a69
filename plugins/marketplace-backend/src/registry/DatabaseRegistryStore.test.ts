import { mockServices } from '@backstage/backend-test-utils';
import { databases } from '../__testUtils__/storage';
import { makeListing } from '../__testUtils__/listings';
import { DatabaseRegistryStore } from './DatabaseRegistryStore';

jest.setTimeout(60_000);

async function createStore(databaseId: string) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const store = await DatabaseRegistryStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
}

describe.each(databases.eachSupportedId())('DatabaseRegistryStore on %s', databaseId => {
  it('stores listings with packages, versions and dependencies', async () => {
    const { store } = await createStore(databaseId);
    const result = await store.replaceSource('seed', [
      makeListing('test.alpha', { downloadsMonthly: 500, publishedAt: '2026-10-01T00:00:00.000Z' }),
      makeListing('test.beta', { downloadsMonthly: 20 }),
    ]);
    expect(result).toEqual({ inserted: 2, updated: 0, unchanged: 0, removed: 0, shadowed: [] });

    const details = await store.getPlugin('test.alpha');
    expect(details).toMatchObject({
      id: 'test.alpha',
      name: 'Plugin alpha',
      source: 'seed',
      downloadsMonthly: 500,
      roles: ['backend-plugin', 'frontend-plugin'],
      installed: false,
      qualityMetrics: { score: 50 },
      spec: { documentation: { readme: '# alpha' } },
    });
    expect(details?.packages.map(p => p.name)).toEqual([
      '@test/plugin-alpha',
      '@test/plugin-alpha-backend',
    ]);
    expect(await store.getVersions('test.alpha')).toEqual([
      { version: '1.0.0', publishedAt: '2026-10-01T00:00:00.000Z', prerelease: false },
    ]);
    expect((await store.getDependencies('test.alpha'))?.dependencies).toEqual([
      { package: '@test/plugin-alpha', name: '@backstage/core-plugin-api', range: '^1.12.0', kind: 'dependency' },
      { package: '@test/plugin-alpha', name: 'react', range: '^18.0.0', kind: 'peer' },
    ]);
    expect(await store.getPlugin('test.missing')).toBeUndefined();
    expect(await store.getVersions('test.missing')).toBeUndefined();
  });

  it('replaces a source: unchanged rows are skipped, changed updated, missing removed', async () => {
    const { store } = await createStore(databaseId);
    await store.replaceSource('seed', [
      makeListing('test.alpha'),
      makeListing('test.beta'),
      makeListing('test.gamma'),
    ]);

    const result = await store.replaceSource('seed', [
      makeListing('test.alpha'),
      makeListing('test.beta', { spec: { version: '2.0.0' } }),
    ]);

    expect(result).toEqual({ inserted: 0, updated: 1, unchanged: 1, removed: 1, shadowed: [] });
    expect(await store.getPlugin('test.gamma')).toBeUndefined();
    expect((await store.getVersions('test.beta'))?.map(v => v.version)).toEqual(['2.0.0']);
  });

  it('lets a higher-priority source own a plugin id and keeps other sources apart', async () => {
    const { store } = await createStore(databaseId);
    await store.replaceSource('catalog', [
      makeListing('test.alpha', { source: 'catalog', priority: 30, spec: { name: 'From the catalog' } }),
    ]);

    const seeded = await store.replaceSource('seed', [
      makeListing('test.alpha'),
      makeListing('test.beta'),
    ]);
    expect(seeded.shadowed).toEqual(['test.alpha']);
    expect((await store.getPlugin('test.alpha'))?.name).toBe('From the catalog');

    // The seed source going empty does not remove what the catalog owns.
    await store.replaceSource('seed', []);
    expect((await store.getPlugin('test.alpha'))?.source).toBe('catalog');
    expect(await store.getPlugin('test.beta')).toBeUndefined();
  });

  it('pages and sorts with totals, unknown dates last', async () => {
    const { store } = await createStore(databaseId);
    await store.replaceSource('seed', [
      makeListing('test.a', { downloadsMonthly: 5, publishedAt: '2026-01-01T00:00:00.000Z', spec: { category: 'monitoring' } }),
      makeListing('test.b', { downloadsMonthly: 50, spec: { category: 'monitoring' } }),
      makeListing('test.c', { downloadsMonthly: 500, publishedAt: '2026-06-01T00:00:00.000Z' }),
    ]);

    const page = await store.listPlugins({ offset: 0, limit: 2, sort: 'downloads', order: 'desc' });
    expect(page.totalCount).toBe(3);
    expect(page.items.map(i => i.id)).toEqual(['test.c', 'test.b']);

    const next = await store.listPlugins({ offset: 2, limit: 2, sort: 'downloads', order: 'desc' });
    expect(next.items.map(i => i.id)).toEqual(['test.a']);

    const byDate = await store.listPlugins({ offset: 0, limit: 10, sort: 'published', order: 'desc' });
    expect(byDate.items.map(i => i.id)).toEqual(['test.c', 'test.a', 'test.b']);

    const monitoring = await store.listPlugins({ offset: 0, limit: 10, sort: 'name', order: 'asc', category: 'monitoring' });
    expect(monitoring.items.map(i => i.id)).toEqual(['test.a', 'test.b']);
    expect(Object.fromEntries(await store.countByCategory())).toEqual({ monitoring: 2, other: 1 });
  });

  it('reports installed plugins with available updates', async () => {
    const { store, knex } = await createStore(databaseId);
    await store.replaceSource('seed', [makeListing('test.alpha', { spec: { version: '1.2.0' } })]);
    await knex('installations').insert({
      plugin_id: 'test.alpha',
      version: '1.0.0',
      status: 'installed',
      installed_at: '2026-11-01T00:00:00.000Z',
      updated_at: '2026-11-01T00:00:00.000Z',
    });

    expect(await store.listInstalled()).toEqual([
      {
        pluginId: 'test.alpha',
        version: '1.0.0',
        status: 'installed',
        installedAt: '2026-11-01T00:00:00.000Z',
        latestVersion: '1.2.0',
        updateAvailable: true,
      },
    ]);
    const installedOnly = await store.listPlugins({ offset: 0, limit: 10, sort: 'name', order: 'asc', installed: true });
    expect(installedOnly.items.map(i => [i.id, i.installed])).toEqual([['test.alpha', true]]);
  });

  it('records source runs with their issues', async () => {
    const { store } = await createStore(databaseId);
    await store.replaceSource('seed', [makeListing('test.alpha')]);
    await store.recordSourceRun({
      id: 'seed',
      startedAt: '2026-11-25T10:00:00.000Z',
      durationMs: 12,
      issues: [{ source: 'seed', ref: 'data.tsv:7', field: 'version', message: 'is not semver' }],
    });

    expect(await store.getStatus()).toEqual({
      totalPlugins: 1,
      sources: [
        {
          id: 'seed',
          plugins: 1,
          lastRunAt: '2026-11-25T10:00:00.000Z',
          lastSuccessAt: '2026-11-25T10:00:00.000Z',
          lastDurationMs: 12,
          issues: 1,
        },
      ],
    });
    expect(await store.getSourceIssues('seed')).toEqual([
      { source: 'seed', ref: 'data.tsv:7', field: 'version', message: 'is not semver' },
    ]);
  });
});
