import { databases } from '../../__testUtils__/storage';
import { LocalEmbeddingProvider } from './local/LocalEmbeddingProvider';
import { DefaultSemanticIndex, TextRanker } from './SemanticIndex';
import { DefaultSemanticIndexer } from './SemanticIndexer';
import { describedListing, KeywordProvider, LISTINGS, semanticStorage } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

async function indexed(databaseId: string) {
  const storage = await semanticStorage(databaseId);
  const provider = LocalEmbeddingProvider.create();
  await storage.registry.replaceSource('seed', LISTINGS);
  // Tolerant of drift: these tests change a few of four listings and mean incremental updates.
  const indexer = DefaultSemanticIndexer.create({
    store: storage.store,
    provider,
    refitDrift: 0.5,
    eagerRefitLimit: 0,
  });
  await indexer.refresh();
  const index = DefaultSemanticIndex.create({ store: storage.store, provider });
  return { ...storage, provider, indexer, index };
}

const ids = (ranked: Array<{ id: string }>) => ranked.map(r => r.id);

describe.each(databases.eachSupportedId())('DefaultSemanticIndex on %s', databaseId => {
  it('ranks by meaning although the words differ', async () => {
    const { index } = await indexed(databaseId);
    expect(ids(await index.rank('on-call incidents', 1))).toEqual(['test.pagerduty']);
    expect(ids(await index.rank('reduce the aws bill', 1))).toEqual(['test.cost']);
    expect(ids(await index.rank('continuous integration pipelines', 1))).toEqual(['test.jenkins']);
    const [best] = await index.rank('on-call incidents', 1);
    expect(best.score).toBeGreaterThan(0.2);
    expect(best.score).toBeLessThanOrEqual(1);
  });

  it('ranks only candidates when given, and nothing for empty text or unrelated words', async () => {
    const { index } = await indexed(databaseId);
    expect(ids(await index.rank('on-call incidents', 5, ['test.jenkins', 'test.cost']))).not.toContain(
      'test.pagerduty',
    );
    expect(await index.rank('   ', 5)).toEqual([]);
    expect(await index.rank('zxqv wkjh', 5)).toEqual([]);
  });

  it('loads the stored vectors when warmed, so the next ranking reads none', async () => {
    const { index, store } = await indexed(databaseId);
    const readVectors = jest.spyOn(store, 'readVectors');
    await index.warm();
    expect(readVectors).toHaveBeenCalledTimes(1);
    expect(ids(await index.rank('on-call incidents', 1))).toEqual(['test.pagerduty']);
    expect(readVectors).toHaveBeenCalledTimes(1);
  });

  it('finds similar plugins, never the plugin itself', async () => {
    const { registry, indexer, index } = await indexed(databaseId);
    await registry.replaceSource('seed', [
      ...LISTINGS,
      describedListing('test.opsgenie', 'Opsgenie', 'Alerts and on-call schedules from Opsgenie'),
    ]);
    await indexer.refresh();
    const similar = await index.similar('test.pagerduty', 3);
    expect(similar[0].id).toBe('test.opsgenie');
    expect(ids(similar)).not.toContain('test.pagerduty');
    expect(await index.similar('test.unknown', 3)).toEqual([]);
  });

  it('fuses a text ranking with the semantic one', async () => {
    const { index } = await indexed(databaseId);
    // A keyword ranking that only knows the word "docs".
    const rankText = async (text: string) =>
      text.includes('docs') ? [{ id: 'test.techdocs', score: 3 }] : [];
    const hybrid = await index.hybridRank('docs about incidents', 2, { rankText });
    expect(ids(hybrid).sort()).toEqual(['test.pagerduty', 'test.techdocs']);
    // With nothing from text, the semantic ranking decides alone.
    expect(ids(await index.hybridRank('on-call incidents', 1, { rankText }))).toEqual(['test.pagerduty']);
    // Candidates restrict both rankings.
    expect(
      ids(await index.hybridRank('docs about incidents', 5, { rankText, candidateIds: ['test.cost'] })),
    ).toEqual([]);
  });

  it('has text re-rank what meaning found, and rank alone when meaning finds nothing', async () => {
    const { index } = await indexed(databaseId);
    const asked: Array<string[] | undefined> = [];
    const rankText: TextRanker = async (_text, _limit, among) => {
      asked.push(among);
      return [{ id: among ? among[among.length - 1] : 'test.jenkins', score: 1 }];
    };
    const found = ids(await index.rank('on-call incidents', 100));
    const hybrid = ids(await index.hybridRank('on-call incidents', 10, { rankText }));
    expect(asked).toEqual([found]);
    expect(hybrid.sort()).toEqual([...found].sort());

    expect(ids(await index.hybridRank('zxqv wkjh', 10, { rankText }))).toEqual(['test.jenkins']);
    expect(asked[1]).toBeUndefined();
  });

  it('follows writes of another replica: new, changed and removed listings', async () => {
    const { registry, store, provider, indexer, index } = await indexed(databaseId);
    const otherReplica = DefaultSemanticIndex.create({ store, provider });
    expect(ids(await otherReplica.rank('on-call incidents', 1))).toEqual(['test.pagerduty']);
    expect(ids(await index.rank('on-call incidents', 1))).toEqual(['test.pagerduty']);

    await registry.replaceSource('seed', [
      describedListing('test.cost', 'Cost Insights', 'Keep track of your cloud spend'),
      describedListing('test.jenkins', 'Jenkins', 'Escalation policies and paging for incidents'),
      LISTINGS[3],
    ]);
    expect(await indexer.refresh()).toMatchObject({ embedded: 1, removed: 1, refitted: false });

    for (const replica of [index, otherReplica]) {
      expect(ids(await replica.rank('on-call incidents', 5))).toEqual(['test.jenkins']);
      expect(await replica.similar('test.pagerduty', 3)).toEqual([]);
    }
  });

  it('ranks nothing while the stored vectors are of another provider, until a refresh', async () => {
    const { store, registry } = await semanticStorage(databaseId);
    await registry.replaceSource('seed', LISTINGS);
    await DefaultSemanticIndexer.create({ store, provider: LocalEmbeddingProvider.create() }).refresh();

    const keywords = new KeywordProvider('keywords', ['pagerduty', 'cost']);
    const index = DefaultSemanticIndex.create({ store, provider: keywords });
    expect(await index.rank('pagerduty', 3)).toEqual([]);
    await DefaultSemanticIndexer.create({ store, provider: keywords }).refresh();
    expect(ids(await index.rank('pagerduty', 1))).toEqual(['test.pagerduty']);
  });

  it('ranks nothing before the first refresh', async () => {
    const { store } = await semanticStorage(databaseId);
    const index = DefaultSemanticIndex.create({ store, provider: LocalEmbeddingProvider.create() });
    expect(await index.rank('anything', 5)).toEqual([]);
    expect(await index.similar('test.pagerduty', 5)).toEqual([]);
  });

  it('embeds a repeated query once', async () => {
    const { store, registry } = await semanticStorage(databaseId);
    await registry.replaceSource('seed', LISTINGS);
    const keywords = new KeywordProvider('keywords', ['pagerduty', 'cost']);
    await DefaultSemanticIndexer.create({ store, provider: keywords }).refresh();
    const index = DefaultSemanticIndex.create({ store, provider: keywords });
    const before = keywords.calls;
    await index.rank('cost', 1);
    await index.rank('cost', 2);
    await index.hybridRank('cost', 2, { rankText: async () => [] });
    expect(keywords.calls - before).toBe(1);
  });
});
