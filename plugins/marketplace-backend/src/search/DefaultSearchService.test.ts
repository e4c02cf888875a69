import { mockServices } from '@backstage/backend-test-utils';
import { makeListing } from '../__testUtils__/listings';
import { databases } from '../__testUtils__/storage';
import { DefaultSearchService } from './DefaultSearchService';
import { LocalEmbeddingProvider } from './semantic/local/LocalEmbeddingProvider';
import { DefaultSemanticIndex } from './semantic/SemanticIndex';
import { DefaultSemanticIndexer } from './semantic/SemanticIndexer';
import { semanticStorage } from './semantic/__testUtils__/fixtures';
import { DatabaseTextSearchIndex } from './text';
import { SearchQuery } from './types';

jest.setTimeout(120_000);

/** Incident tools in two categories, and a few others. */
const LISTINGS = [
  makeListing('test.pagerduty', { downloadsMonthly: 900, spec: { name: 'PagerDuty', category: 'monitoring', description: 'On-call schedules and incidents' } }),
  makeListing('test.opsgenie', { downloadsMonthly: 5, spec: { name: 'Opsgenie', category: 'collaboration', description: 'Alerts, on-call rotations and incidents' } }),
  makeListing('test.rootly', { downloadsMonthly: 50, spec: { name: 'Rootly', category: 'collaboration', description: 'Incident response and on-call' } }),
  makeListing('test.cost', { downloadsMonthly: 700, spec: { name: 'Cost Insights', category: 'cloud', description: 'Cloud spend per team' } }),
  makeListing('test.docs', { downloadsMonthly: 800, spec: { name: 'TechDocs', category: 'documentation', description: 'Documentation sites' } }),
];

async function service(databaseId: string) {
  const { knex, registry, store } = await semanticStorage(databaseId);
  await registry.replaceSource('seed', LISTINGS);
  const provider = LocalEmbeddingProvider.create();
  await DefaultSemanticIndexer.create({ store, provider }).refresh();
  const text = await DatabaseTextSearchIndex.create({ database: mockServices.database({ knex }) });
  const search = DefaultSearchService.create({
    text,
    semantic: DefaultSemanticIndex.create({ store, provider }),
    summaries: ids => registry.getSummaries(ids),
  });
  return { text, search };
}

describe.each(databases.eachSupportedId())('DefaultSearchService on %s', databaseId => {
  it.each(['semantic', 'hybrid'] as const)(
    'ranks %s search among every plugin passing the filters, with the facets of those filters',
    async mode => {
      const { text, search } = await service(databaseId);
      const query: SearchQuery = {
        text: 'who is on call for incidents',
        filters: { categories: ['collaboration'] },
        sort: 'relevance',
        mode,
        limit: 20,
      };
      const result = await search.search(query);
      // The least popular plugin is a candidate as well as the most popular.
      expect(result.items.map(i => i.id).sort()).toEqual(['test.opsgenie', 'test.rootly']);
      expect(result.totalCount).toBe(2);
      expect(result.facets).toEqual((await text.filtered(query.filters)).facets);
      expect(result.facets.categories).toEqual(
        expect.arrayContaining([{ value: 'collaboration', count: 2 }, { value: 'monitoring', count: 1 }]),
      );

      const unfiltered = await search.search({ ...query, filters: {} });
      expect(unfiltered.items.map(i => i.id)).toEqual(expect.arrayContaining(['test.pagerduty', 'test.opsgenie', 'test.rootly']));
    },
  );

  it('has text search answered by the text index, with its cursors', async () => {
    const { text, search } = await service(databaseId);
    const query: SearchQuery = { text: 'incidents', filters: {}, sort: 'popularity', mode: 'text', limit: 1 };
    const first = await search.search(query);
    expect(first).toEqual(await text.search(query));
    const second = await search.search({ ...query, cursor: first.nextCursor });
    expect(second.items.map(i => i.id)).not.toEqual(first.items.map(i => i.id));
  });
});
