import { mockServices } from '@backstage/backend-test-utils';
import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { DatabaseRegistryStore } from '../../registry/DatabaseRegistryStore';
import { DatabaseEmbeddingStore } from './DatabaseEmbeddingStore';

jest.setTimeout(60_000);

async function setup(databaseId: string) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const database = mockServices.database({ knex });
  const registry = await DatabaseRegistryStore.create({ database });
  const store = await DatabaseEmbeddingStore.create({ database });
  return { knex, registry, store };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
}

const vector = (...values: number[]) => Float32Array.from(values);

describe.each(databases.eachSupportedId())('DatabaseEmbeddingStore on %s', databaseId => {
  it('reads listings as documents with their packages', async () => {
    const { registry, store } = await setup(databaseId);
    await registry.replaceSource('seed', [
      makeListing('test.alpha', { spec: { tags: ['one', 'two'], category: 'monitoring' } }),
      makeListing('test.beta'),
    ]);
    const hashes = await store.listPluginHashes();
    expect([...hashes.keys()].sort()).toEqual(['test.alpha', 'test.beta']);

    const [alpha] = await store.readDocuments(['test.alpha', 'test.missing']);
    expect(alpha).toEqual({
      id: 'test.alpha',
      contentHash: hashes.get('test.alpha'),
      name: 'Plugin alpha',
      description: 'The alpha plugin.',
      tags: ['one', 'two'],
      category: 'monitoring',
      author: 'Test Authors',
      packages: [
        { name: '@test/plugin-alpha', description: undefined },
        { name: '@test/plugin-alpha-backend', description: undefined },
      ],
    });
    expect((await collect(store.allDocuments())).map(d => d.id)).toEqual(['test.alpha', 'test.beta']);
  });

  it('writes vectors under a new generation and reads back those written after one', async () => {
    const { store } = await setup(databaseId);
    expect(await store.readState()).toBeUndefined();

    const first = await store.write({
      provider: 'p1',
      model: { model: '{"m":1}', documents: 2 },
      upserts: [
        { pluginId: 'a', contentHash: 'ha', vector: vector(1, 0) },
        { pluginId: 'b', contentHash: 'hb', vector: vector(0, 1) },
      ],
      removals: [],
    });
    const second = await store.write({
      provider: 'p1',
      upserts: [{ pluginId: 'b', contentHash: 'hb2', vector: vector(0.6, 0.8) }],
      removals: [],
    });
    expect(second).toBe(first + 1);
    expect(await store.readState()).toEqual({
      generation: second,
      removedGeneration: 0,
      provider: 'p1',
      modelDocuments: 2,
    });
    expect(await store.readModel()).toBe('{"m":1}');

    const all = await collect(store.readVectors({ provider: 'p1' }));
    expect(all.map(r => [r.pluginId, Array.from(r.vector)])).toEqual([
      ['a', [1, 0]],
      ['b', [expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]],
    ]);
    const newer = await collect(store.readVectors({ provider: 'p1', afterGeneration: first }));
    expect(newer.map(r => r.pluginId)).toEqual(['b']);
    expect(await collect(store.readVectors({ provider: 'other' }))).toEqual([]);
    expect(await store.listEmbeddingHashes()).toEqual(
      new Map([
        ['a', { provider: 'p1', contentHash: 'ha' }],
        ['b', { provider: 'p1', contentHash: 'hb2' }],
      ]),
    );
  });

  it('records the generation of removals', async () => {
    const { store } = await setup(databaseId);
    await store.write({
      provider: 'p1',
      upserts: [
        { pluginId: 'a', contentHash: 'ha', vector: vector(1) },
        { pluginId: 'b', contentHash: 'hb', vector: vector(1) },
      ],
      removals: [],
    });
    const generation = await store.write({ provider: 'p1', upserts: [], removals: ['a'] });
    expect(await store.readState()).toMatchObject({ generation, removedGeneration: generation });
    expect(await store.listEmbeddedIds('p1')).toEqual(['b']);
  });

  it('gives concurrent writers distinct generations', async () => {
    const { store } = await setup(databaseId);
    const generations = await Promise.all(
      [1, 2, 3, 4].map(i =>
        store.write({
          provider: 'p1',
          upserts: [{ pluginId: `id${i}`, contentHash: 'h', vector: vector(i) }],
          removals: [],
        }),
      ),
    );
    expect([...generations].sort()).toEqual([1, 2, 3, 4]);
  });
});
