import { mockServices } from '@backstage/backend-test-utils';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { DatabaseRegistryStore } from '../../registry/DatabaseRegistryStore';
import { contentHash, toPluginRow } from '../../registry/rows';
import { textQuery } from './__testUtils__/searchSetup';
import { DatabaseTextSearchIndex } from './DatabaseTextSearchIndex';

jest.setTimeout(120_000);

const directory = resolvePackagePath('@internal/backstage-plugin-marketplace-backend', 'migrations');
const THIS_MIGRATION = '20261125020000_search_text.js';

function row(id: string, spec: Partial<PluginSpecification> = {}) {
  const listing = makeListing(id, { spec, source: 'npm', priority: 20 });
  return toPluginRow(listing, contentHash(listing), '2026-11-01T00:00:00.000Z');
}

describe.each(databases.eachSupportedId())('Text search index upkeep on %s', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId as 'SQLITE_3');
    const database = mockServices.database({ knex });
    return { knex, database };
  }

  async function ids(index: DatabaseTextSearchIndex, text: string) {
    return (await index.search(textQuery({ text }))).items.map(i => i.id);
  }

  it('indexes rows that existed before the migration and rows written after it', async () => {
    const { knex, database } = await setup();
    const all = (await knex.migrate.list({ directory }))[1].map((m: { file: string }) => m.file);
    for (const file of all.filter((f: string) => f < THIS_MIGRATION)) {
      await knex.migrate.up({ directory, name: file });
    }
    await knex('plugins').insert(row('old.nebula', { name: 'Nebula', tags: ['space-time'] }));

    const store = await DatabaseRegistryStore.create({ database });
    const index = await DatabaseTextSearchIndex.create({ database });
    await store.replaceSource('seed', [makeListing('new.quasar', { spec: { name: 'Quasar', tags: ['space-time'] } })]);

    expect(await ids(index, 'nebula')).toEqual(['old.nebula']);
    expect(await ids(index, 'quasar')).toEqual(['new.quasar']);
    expect((await index.autocomplete('space', 5)).filter(s => s.kind === 'tag')).toEqual([
      { kind: 'tag', label: 'space-time', value: 'space-time' },
    ]);
    expect((await index.search(textQuery({ filters: { tags: ['space-time'] } }))).facets.tags).toEqual([
      { value: 'space-time', count: 2 },
    ]);
  });

  it('follows updates and deletes of listings', async () => {
    const { database } = await setup();
    const store = await DatabaseRegistryStore.create({ database });
    const index = await DatabaseTextSearchIndex.create({ database });
    await store.replaceSource('seed', [
      makeListing('test.comet', { spec: { name: 'Comet', tags: ['ice'] } }),
      makeListing('test.meteor', { spec: { name: 'Meteor' } }),
    ]);

    await store.replaceSource('seed', [
      makeListing('test.comet', { spec: { name: 'Asteroid', tags: ['rock'], documentation: { readme: 'Orbits the sun.' } } }),
    ]);

    expect(await ids(index, 'comet')).toEqual(['test.comet']); // its id still says so
    expect(await ids(index, 'asteroid')).toEqual(['test.comet']);
    expect(await ids(index, 'orbits')).toEqual(['test.comet']);
    expect(await ids(index, 'meteor')).toEqual([]);
    expect(kindsOf(await index.autocomplete('ice', 5))).not.toContain('tag:ice');
    expect(kindsOf(await index.autocomplete('rock', 5))).toContain('tag:rock');
  });

  it('stores and indexes a listing whose JSON columns are malformed', async () => {
    const { knex, database } = await setup();
    await DatabaseRegistryStore.create({ database });
    const index = await DatabaseTextSearchIndex.create({ database });

    await knex('plugins').insert({ ...row('test.broken', { name: 'Broken Star' }), tags: '{not json', spec: 'nope' });
    await knex('plugins').insert({ ...row('test.object', { name: 'Odd Star' }), tags: '{"a":"b"}' });

    // The registry never writes such rows: ranking them is enough, summaries need valid JSON.
    expect((await index.rankText('star', 10)).map(r => r.id).sort()).toEqual(['test.broken', 'test.object']);
  });

  it('can be rolled back and applied again', async () => {
    const { knex, database } = await setup();
    const store = await DatabaseRegistryStore.create({ database });
    await store.replaceSource('seed', [makeListing('test.pulsar', { spec: { name: 'Pulsar' } })]);

    await knex.migrate.down({ directory, name: THIS_MIGRATION });
    expect(await knex.schema.hasTable('plugin_search')).toBe(false);
    expect(await knex.schema.hasTable('plugin_tags')).toBe(false);
    await knex('plugins').where({ id: 'test.pulsar' }).update({ name: 'Pulsar Two' });
    await knex.migrate.latest({ directory });

    const index = await DatabaseTextSearchIndex.create({ database });
    expect(await ids(index, 'pulsar two')).toEqual(['test.pulsar']);
  });
});

function kindsOf(suggestions: Array<{ kind: string; value: string }>) {
  return suggestions.map(s => `${s.kind}:${s.value}`);
}
