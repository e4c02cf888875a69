import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { APP_BACKSTAGE_VERSION, createSearch, install, NOW, textQuery } from './__testUtils__/searchSetup';
import { DatabaseTextSearchIndex } from './DatabaseTextSearchIndex';

jest.setTimeout(120_000);

const directory = resolvePackagePath('@internal/backstage-plugin-marketplace-backend', 'migrations');

const LISTINGS = [
  makeListing('test.comet', { downloadsMonthly: 10, spec: { name: 'Comet', category: 'monitoring', tags: ['ice'] } }),
  makeListing('test.meteor', { downloadsMonthly: 20, spec: { name: 'Meteor', category: 'monitoring', tags: ['rock'] } }),
];

/** What a search says of the candidate rows it holds: filters, facets, order and `installed`. */
async function observe(index: DatabaseTextSearchIndex, text?: string) {
  const result = await index.search(textQuery({ text, sort: 'popularity' }));
  const secure = await index.search(textQuery({ text, filters: { categories: ['security'] } }));
  const installed = await index.search(textQuery({ text, filters: { installed: true } }));
  return {
    order: result.items.map(i => i.id),
    installedItems: result.items.filter(i => i.installed).map(i => i.id),
    categories: result.facets.categories,
    tags: result.facets.tags,
    security: secure.items.map(i => i.id),
    installed: installed.items.map(i => i.id),
  };
}

describe.each(databases.eachSupportedId())('Candidate rows in memory on %s', databaseId => {
  it.each([undefined, 'monitoring'])(
    'follows changes to listings and installations in the same index (text %p)',
    async text => {
      const { knex, store, index } = await createSearch(databaseId);
      await store.replaceSource('seed', LISTINGS);

      expect(await observe(index, text)).toEqual({
        order: ['test.meteor', 'test.comet'],
        installedItems: [],
        categories: [{ value: 'monitoring', count: 2 }],
        tags: [
          { value: 'ice', count: 1 },
          { value: 'rock', count: 1 },
        ],
        security: [],
        installed: [],
      });

      // Downloads, category and tags change; the id and name still match the same text.
      await store.replaceSource('seed', [
        makeListing('test.comet', {
          downloadsMonthly: 30,
          spec: { name: 'Comet', category: 'security', tags: ['ice', 'monitoring'] },
        }),
        LISTINGS[1],
      ]);
      await install(knex, 'test.comet');

      const changed = await observe(index, text);
      expect(changed.order).toEqual(['test.comet', 'test.meteor']);
      expect(changed.installedItems).toEqual(['test.comet']);
      expect(changed.categories).toEqual([
        { value: 'monitoring', count: 1 },
        { value: 'security', count: 1 },
      ]);
      expect(changed.security).toEqual(['test.comet']);
      expect(changed.installed).toEqual(['test.comet']);

      await knex('installations').where({ plugin_id: 'test.comet' }).delete();
      await store.replaceSource('seed', [LISTINGS[1]]);

      const removed = await observe(index, text);
      expect(removed.order).toEqual(['test.meteor']);
      expect(removed.security).toEqual([]);
      expect(removed.installed).toEqual([]);
    },
  );

  it('follows a change to installations alone', async () => {
    const { knex, store, index } = await createSearch(databaseId);
    await store.replaceSource('seed', LISTINGS);
    expect((await observe(index)).installed).toEqual([]);

    await install(knex, 'test.meteor');
    expect(await observe(index)).toMatchObject({ installed: ['test.meteor'], installedItems: ['test.meteor'] });

    await knex('installations').update({ status: 'uninstalling' });
    await knex('installations').delete();
    expect(await observe(index)).toMatchObject({ installed: [], installedItems: [] });
  });

  it('has a generation migration that can be rolled back and applied again', async () => {
    const { knex, store, index } = await createSearch(databaseId);
    await store.replaceSource('seed', LISTINGS);
    await knex.migrate.down({ directory, name: '20261129000000_search_generation.js' });
    expect(await knex.schema.hasTable('search_generation')).toBe(false);
    await install(knex, 'test.comet');
    await knex.migrate.latest({ directory });

    expect((await observe(index)).installed).toEqual(['test.comet']);
    await knex('installations').delete();
    expect((await observe(index)).installed).toEqual([]);
  });

  it('sees changes made through another replica', async () => {
    const { knex, store, index } = await createSearch(databaseId);
    await store.replaceSource('seed', LISTINGS);
    // Another backend process on the same database, with a cache of its own.
    const replica = await DatabaseTextSearchIndex.create({
      database: mockServices.database({ knex }),
      backstageVersion: APP_BACKSTAGE_VERSION,
      now: () => NOW,
    });
    expect((await observe(replica)).installed).toEqual([]);
    expect((await observe(index)).installed).toEqual([]);

    await install(knex, 'test.meteor');
    await store.replaceSource('seed', [
      LISTINGS[0],
      makeListing('test.meteor', { downloadsMonthly: 20, spec: { name: 'Meteor', category: 'security', tags: ['rock'] } }),
    ]);

    for (const each of [replica, index]) {
      const seen = await observe(each);
      expect(seen.installed).toEqual(['test.meteor']);
      expect(seen.security).toEqual(['test.meteor']);
      expect(seen.categories).toEqual([
        { value: 'monitoring', count: 1 },
        { value: 'security', count: 1 },
      ]);
    }
  });

  it('finds typos of names as another replica renamed them', async () => {
    const { store, knex } = await createSearch(databaseId);
    await store.replaceSource('seed', LISTINGS);
    const replica = await DatabaseTextSearchIndex.create({
      database: mockServices.database({ knex }),
      backstageVersion: APP_BACKSTAGE_VERSION,
      now: () => NOW,
    });
    const typo = async () => (await replica.search(textQuery({ text: 'asteriod' }))).items.map(i => i.id);
    expect(await typo()).toEqual([]);
    await store.replaceSource('seed', [
      makeListing('test.comet', { downloadsMonthly: 10, spec: { name: 'Asteroid', category: 'monitoring' } }),
      LISTINGS[1],
    ]);
    expect(await typo()).toEqual(['test.comet']);
  });

  it('shares one load among searches that need the same generation at once', async () => {
    const { knex, store, index } = await createSearch(databaseId);
    await store.replaceSource('seed', LISTINGS);
    let loads = 0;
    knex.on('query', (query: { sql: string }) => {
      if (/left join .installations./i.test(query.sql)) loads += 1;
    });
    const queries = [undefined, 'comet', 'meteor', undefined].map(text => index.search(textQuery({ text })));
    const results = await Promise.all(queries);
    expect(results.map(r => r.items.map(i => i.id).sort())).toEqual([
      ['test.comet', 'test.meteor'],
      ['test.comet'],
      ['test.meteor'],
      ['test.comet', 'test.meteor'],
    ]);
    expect(loads).toBe(1);

    await index.search(textQuery());
    expect(loads).toBe(1);
  });
});
