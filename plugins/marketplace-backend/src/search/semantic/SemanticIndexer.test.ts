import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { LocalEmbeddingProvider } from './local/LocalEmbeddingProvider';
import { DefaultSemanticIndex } from './SemanticIndex';
import { DefaultSemanticIndexer } from './SemanticIndexer';
import { describedListing, KeywordProvider, LISTINGS, semanticStorage } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('DefaultSemanticIndexer on %s', databaseId => {
  it('embeds every listing once, then only what changed, and drops removed listings', async () => {
    const { registry, store } = await semanticStorage(databaseId);
    const provider = new KeywordProvider('keywords-v1', ['pagerduty', 'cost', 'jenkins', 'docs']);
    const indexer = DefaultSemanticIndexer.create({ store, provider });

    await registry.replaceSource('seed', LISTINGS);
    expect(await indexer.refresh()).toMatchObject({
      provider: 'keywords-v1',
      embedded: 4,
      removed: 0,
      unchanged: 0,
      refitted: false,
    });
    expect(await indexer.refresh()).toMatchObject({ embedded: 0, removed: 0, unchanged: 4 });
    expect(provider.embedded).toBe(4);

    // One listing changes, one goes away.
    await registry.replaceSource('seed', [
      LISTINGS[0],
      describedListing('test.cost', 'Cost Insights', 'Cloud cost per team'),
      LISTINGS[2],
    ]);
    expect(await indexer.refresh()).toMatchObject({ embedded: 1, removed: 1, unchanged: 2 });
    expect([...(await store.listEmbeddingHashes()).keys()].sort()).toEqual([
      'test.cost',
      'test.jenkins',
      'test.pagerduty',
    ]);
    const hashes = await store.listPluginHashes();
    expect((await store.listEmbeddingHashes()).get('test.cost')?.contentHash).toBe(hashes.get('test.cost'));
  });

  it('re-embeds everything when the provider changes', async () => {
    const { registry, store } = await semanticStorage(databaseId);
    await registry.replaceSource('seed', LISTINGS);
    await DefaultSemanticIndexer.create({ store, provider: new KeywordProvider('v1', ['cost']) }).refresh();

    const report = await DefaultSemanticIndexer.create({
      store,
      provider: new KeywordProvider('v2', ['cost', 'docs']),
    }).refresh();
    expect(report).toMatchObject({ provider: 'v2', embedded: 4, unchanged: 0 });
    expect((await store.readState())?.provider).toBe('v2');
  });

  it('learns corpus statistics once, keeps them while the registry is stable and re-learns when it grows', async () => {
    const { registry, store } = await semanticStorage(databaseId);
    const provider = LocalEmbeddingProvider.create();
    const indexer = DefaultSemanticIndexer.create({ store, provider, refitDrift: 0.5, eagerRefitLimit: 0 });

    await registry.replaceSource('seed', LISTINGS);
    const first = await indexer.refresh();
    expect(first).toMatchObject({ refitted: true, embedded: 4 });
    expect(first.provider).not.toBe(provider.id);
    expect(first.provider.startsWith(provider.id)).toBe(true);
    expect(await store.readState()).toMatchObject({ provider: first.provider, modelDocuments: 4 });

    // A fifth listing is 25% growth: below the drift, so the model stays and only it is embedded.
    await registry.replaceSource('seed', [...LISTINGS, makeListing('test.fifth')]);
    expect(await indexer.refresh()).toMatchObject({ refitted: false, embedded: 1, provider: first.provider });

    // Three more make 100% growth since the model was learnt: everything is re-embedded with a new one.
    await registry.replaceSource('seed', [
      ...LISTINGS,
      ...['fifth', 'sixth', 'seventh', 'eighth'].map(n => makeListing(`test.${n}`)),
    ]);
    const grown = await indexer.refresh();
    expect(grown).toMatchObject({ refitted: true, embedded: 8 });
    expect(grown.provider).not.toBe(first.provider);
    expect(await store.readState()).toMatchObject({ provider: grown.provider, modelDocuments: 8 });
  });

  it('re-learns on any change while the registry is small, so new words are known at once', async () => {
    const { registry, store } = await semanticStorage(databaseId);
    const indexer = DefaultSemanticIndexer.create({ store, provider: LocalEmbeddingProvider.create() });
    await registry.replaceSource('seed', LISTINGS);
    const first = await indexer.refresh();
    expect(await indexer.refresh()).toMatchObject({ refitted: false, embedded: 0, provider: first.provider });

    await registry.replaceSource('seed', [...LISTINGS, makeListing('test.fifth')]);
    const grown = await indexer.refresh();
    expect(grown).toMatchObject({ refitted: true, embedded: 5 });
    expect(grown.provider).not.toBe(first.provider);
  });

  it('re-learns on demand', async () => {
    const { registry, store } = await semanticStorage(databaseId);
    await registry.replaceSource('seed', LISTINGS);
    const indexer = DefaultSemanticIndexer.create({ store, provider: LocalEmbeddingProvider.create() });
    await indexer.refresh();
    // The same corpus gives the same model, hence the same vectors: nothing to re-embed.
    expect(await indexer.refresh({ refit: true })).toMatchObject({ refitted: true, embedded: 0 });
  });

  it('lets readers rank with every vector while a new model is written batch by batch, and switches with its last write', async () => {
    const { registry, store } = await semanticStorage(databaseId);
    await registry.replaceSource('seed', LISTINGS);
    const provider = LocalEmbeddingProvider.create();
    const indexer = DefaultSemanticIndexer.create({ store, provider, batchSize: 1 });
    const first = await indexer.refresh();
    const reader = DefaultSemanticIndex.create({ store, provider, minScore: -1 });
    const all = (await reader.rank('cloud cost per team', 10)).map(r => r.id).sort();
    expect(all).toHaveLength(LISTINGS.length);

    // A fifth listing makes the indexer learn a new model and re-embed all five, one per write;
    // it stops after its first write while a reader ranks.
    await registry.replaceSource('seed', [...LISTINGS, makeListing('test.fifth')]);
    const write = store.write.bind(store);
    let resume: () => void = () => undefined;
    let paused: () => void = () => undefined;
    const pausedAfterFirst = new Promise<void>(resolve => {
      paused = resolve;
    });
    let writes = 0;
    jest.spyOn(store, 'write').mockImplementation(async change => {
      const generation = await write(change);
      if (++writes === 1) {
        paused();
        await new Promise<void>(resolve => {
          resume = resolve;
        });
      }
      return generation;
    });
    const refreshing = indexer.refresh();
    await pausedAfterFirst;
    expect((await store.readState())?.provider).toBe(first.provider);
    expect((await reader.rank('cloud cost per team', 10)).map(r => r.id).sort()).toEqual(all);

    resume();
    const grown = await refreshing;
    expect(grown).toMatchObject({ refitted: true, embedded: 5 });
    expect(await store.readState()).toMatchObject({ provider: grown.provider, modelDocuments: 5 });
    expect((await reader.rank('cloud cost per team', 10)).map(r => r.id).sort()).toEqual([...all, 'test.fifth'].sort());
  });

  it('runs overlapping refreshes one after the other', async () => {
    const { registry, store } = await semanticStorage(databaseId);
    await registry.replaceSource('seed', LISTINGS);
    const provider = new KeywordProvider('v1', ['cost']);
    const indexer = DefaultSemanticIndexer.create({ store, provider, batchSize: 1 });
    const reports = await Promise.all([indexer.refresh(), indexer.refresh()]);
    expect(reports.map(r => r.embedded)).toEqual([4, 0]);
    expect(provider.embedded).toBe(4);
  });

  it('fails when the provider returns vectors of the wrong length, writing nothing of that batch', async () => {
    const { registry, store } = await semanticStorage(databaseId);
    await registry.replaceSource('seed', LISTINGS);
    const provider = {
      id: 'broken',
      dimensions: 7,
      embed: async (texts: string[]) => texts.map(() => new Float32Array(2)),
    };
    await expect(DefaultSemanticIndexer.create({ store, provider }).refresh()).rejects.toThrow(
      /returned 2 dimensions .* expected 7/,
    );
    expect(await store.listEmbeddingHashes()).toEqual(new Map());
  });
});
