import { InputError } from '@backstage/errors';
import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { createSearch, textQuery } from './__testUtils__/searchSetup';

jest.setTimeout(120_000);

const HOSTILE = [
  '"',
  "'",
  '""""',
  '*',
  ':',
  'NEAR',
  'NEAR(kubernetes catalog, 2)',
  'catalog AND',
  'OR',
  'NOT catalog',
  '-catalog',
  '(((',
  '{name}: catalog',
  'name:kubernetes',
  'kube*',
  '^catalog',
  'a & b | !c <-> d:*',
  "'; DROP TABLE plugins; --",
  '\\',
  '%_%',
  '\u0000catalog\u0000',
  '\u202ecatalog',
  '🚀 ünïcödé 日本語 кубернетес',
  '① x²y ǅ İstanbul ß ﬁ 𝟙 ٣',
  'x'.repeat(5000),
  'kubernetes '.repeat(500),
  ' ',
];

describe.each(databases.eachSupportedId())('DatabaseTextSearchIndex on %s', databaseId => {
  describe('ranking', () => {
    it('ranks a name match over tags, over description, over README, whatever the popularity', async () => {
      const { store, index } = await createSearch(databaseId);
      const readme = `# Sky Watch\n\n${'A zephyr passes. '.repeat(200)}`;
      await store.replaceSource('seed', [
        makeListing('test.readme', { downloadsMonthly: 900000, spec: { name: 'Sky Watch', tags: ['sky'], description: 'Watches the sky.', documentation: { readme } } }),
        makeListing('test.description', { downloadsMonthly: 50000, spec: { name: 'Weather Station', tags: ['weather'], description: 'Reads the zephyr sensors.' } }),
        makeListing('test.tags', { downloadsMonthly: 5000, spec: { name: 'Wind Gauge', tags: ['zephyr'], description: 'Measures wind.' } }),
        makeListing('test.name', { downloadsMonthly: 1, spec: { name: 'Zephyr Board', tags: ['boards'], description: 'Shows boards.' } }),
        makeListing('test.unrelated', { spec: { name: 'Other', tags: ['other'], description: 'Nothing here.' } }),
      ]);

      const result = await index.search(textQuery({ text: 'Zephyr' }));

      expect(result.items.map(i => i.id)).toEqual(['test.name', 'test.tags', 'test.description', 'test.readme']);
      expect(result.totalCount).toBe(4);
      const scores = result.items.map(i => i.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      expect(await index.rankText('zephyr', 10)).toEqual(result.items.map(i => ({ id: i.id, score: i.score })));
    });

    it('finds a plugin by its category title and by stems of its words', async () => {
      const { store, index } = await createSearch(databaseId);
      await store.replaceSource('seed', [
        makeListing('test.metrics', { spec: { name: 'Metrics', category: 'monitoring', tags: ['metrics'], description: 'Charts of deployments.' } }),
        makeListing('test.builds', { spec: { name: 'Builds', category: 'ci-cd', tags: ['builds'], description: 'Build status.' } }),
      ]);

      expect((await index.search(textQuery({ text: 'observability' }))).items.map(i => i.id)).toEqual(['test.metrics']);
      expect((await index.search(textQuery({ text: 'CI/CD' }))).items.map(i => i.id)).toEqual(['test.builds']);
      expect((await index.search(textQuery({ text: 'deployment' }))).items.map(i => i.id)).toEqual(['test.metrics']);
    });

    it('matches all words, or any of them when nothing has all', async () => {
      const { store, index } = await createSearch(databaseId);
      await store.replaceSource('seed', [
        makeListing('test.cost', { spec: { name: 'Cost Insights', tags: ['cost'], description: 'Cloud cost of teams.' } }),
        makeListing('test.k8s', { spec: { name: 'Kubernetes', tags: ['kubernetes'], description: 'Clusters.' } }),
      ]);

      expect((await index.search(textQuery({ text: 'cloud cost' }))).items.map(i => i.id)).toEqual(['test.cost']);
      const either = await index.search(textQuery({ text: 'cost clusters' }));
      expect(either.items.map(i => i.id).sort()).toEqual(['test.cost', 'test.k8s']);
    });

    it('needs most words of a longer text, while rankText ranks any match below', async () => {
      const { store, index } = await createSearch(databaseId);
      await store.replaceSource('seed', [
        makeListing('test.cost', { spec: { name: 'Cost Insights', tags: ['cost'], description: 'Cloud cost of teams.' } }),
        makeListing('test.teams', { spec: { name: 'Teams', tags: ['people'], description: 'Who works where.' } }),
        makeListing('test.k8s', { spec: { name: 'Kubernetes', tags: ['kubernetes'], description: 'Clusters.' } }),
      ]);

      const result = await index.search(textQuery({ text: 'cloud cost for teams' }));
      expect(result.items.map(i => i.id)).toEqual(['test.cost']);
      expect((await index.rankText('cloud cost for teams', 10)).map(r => r.id)).toEqual(['test.cost', 'test.teams']);
    });

    it('asks the database for plugins holding k of the words, k from enough down to what some plugin holds', async () => {
      const { knex, store, index } = await createSearch(databaseId);
      await store.replaceSource('seed', [
        makeListing('test.three', { spec: { name: 'Radar', description: 'Cloud cost of the teams.' } }),
        makeListing('test.two', { spec: { name: 'Ledger', description: 'Cloud cost.' } }),
        makeListing('test.one', { spec: { name: 'Cloud Compass', description: 'Maps.' } }),
      ]);
      const lexical: string[] = [];
      knex.on('query', (query: { sql: string }) => {
        if (/plugin_search/.test(query.sql)) lexical.push(query.sql);
      });
      const ids = async (text: string) => (await index.search(textQuery({ text }))).items.map(i => i.id).sort();

      // Four terms: three needed; one query.
      expect(await ids('cloud cost teams budget')).toEqual(['test.three']);
      expect(lexical).toHaveLength(1);
      // None holds three of these: those holding two, found by a second query, not by reading all.
      lexical.length = 0;
      expect(await ids('cloud cost radios budget')).toEqual(['test.three', 'test.two']);
      expect(lexical).toHaveLength(2);
      lexical.length = 0;
      expect(await ids('cloud maps radios budget')).toEqual(['test.one']);
      expect(lexical).toHaveLength(2);
      // Only one word held anywhere: every plugin holding it.
      lexical.length = 0;
      expect(await ids('cloud radios budget zebras')).toEqual(['test.one', 'test.three', 'test.two']);
      expect(lexical).toHaveLength(3);
    });

    it('ranks only the plugins asked for, with typos of their names', async () => {
      const { store, index } = await createSearch(databaseId);
      await store.replaceSource('seed', [
        makeListing('test.kubernetes', { spec: { name: 'Kubernetes', description: 'Clusters.' } }),
        makeListing('test.lens', { spec: { name: 'Kubernetes Lens', description: 'Pods.' } }),
        makeListing('test.cost', { spec: { name: 'Cost Insights', description: 'Kubernetes cost.' } }),
      ]);
      const ranked = async (text: string, among?: string[]) => (await index.rankText(text, 10, {}, among)).map(r => r.id);
      expect(await ranked('kubernetes')).toEqual(['test.kubernetes', 'test.lens', 'test.cost']);
      expect(await ranked('kubernetes', ['test.cost', 'test.lens', 'test.unknown'])).toEqual(['test.lens', 'test.cost']);
      expect(await ranked('kubrnetes', ['test.cost', 'test.lens'])).toEqual(['test.lens']);
      expect(await ranked('kubernetes', [])).toEqual([]);
      await expect(index.rankText('kubernetes', 10, {}, 'test.cost' as any)).rejects.toThrow(/among/);
    });
  });

  describe('on the real seed listings', () => {
    let search: Awaited<ReturnType<typeof createSearch>>;
    beforeAll(async () => {
      search = await createSearch(databaseId, { seed: true });
    });

    it('puts the plugin named exactly like the text first', async () => {
      const result = await search.index.search(textQuery({ text: 'catalog', limit: 3 }));
      expect(result.items[0].id).toBe('backstage.catalog');
      expect(result.totalCount).toBeGreaterThan(10);
    });

    it.each([
      ['pagerduti', /pagerduty/],
      ['pagerdty', /pagerduty/],
      ['kubernets', /kubernetes/],
      ['kubrnetes', /kubernetes/],
      ['sonarqbe', /sonarqube/],
    ])('tolerates the typo %s', async (text, expected) => {
      const result = await search.index.search(textQuery({ text, limit: 3 }));
      expect(result.items[0]?.id).toMatch(expected);
      const ranked = await search.index.rankText(text, 3);
      expect(ranked[0]?.id).toMatch(expected);
    });

    it('orders by popularity when there is no text', async () => {
      const result = await search.index.search(textQuery({ limit: 100 }));
      const [{ n }] = await search.knex('plugins').count({ n: '*' });
      expect(result.totalCount).toBe(Number(n));
      const downloads = result.items.map(i => i.downloadsMonthly);
      expect([...downloads].sort((a, b) => b - a)).toEqual(downloads);
      expect(await search.index.rankText('', 10)).toEqual([]);
    });

    it('returns normally for hostile text, and leaves the data alone', async () => {
      const before = await search.knex('plugins').count({ n: '*' });
      for (const text of HOSTILE) {
        const result = await search.index.search(textQuery({ text }));
        expect(Array.isArray(result.items)).toBe(true);
        expect(result.totalCount).toBeGreaterThanOrEqual(result.items.length);
        expect(Array.isArray(await search.index.rankText(text, 5))).toBe(true);
        expect(Array.isArray(await search.index.autocomplete(text, 5))).toBe(true);
      }
      // The words inside hostile text still match.
      const wrapped = await search.index.search(textQuery({ text: '"catalog" NEAR(' }));
      expect(wrapped.items[0].id).toBe('backstage.catalog');
      expect(await search.knex('plugins').count({ n: '*' })).toEqual(before);
    });
  });

  describe('input', () => {
    it.each([
      [{ limit: 0 }, /limit/],
      [{ limit: 101 }, /limit/],
      [{ limit: 2.5 }, /limit/],
      [{ mode: 'semantic' }, /mode/],
      [{ sort: 'random' }, /sort/],
      [{ text: 42 }, /text/],
      [{ cursor: 'bm90IGEgY3Vyc29y' }, /cursor/],
      [{ filters: { minQuality: 101 } }, /filters\.minQuality/],
      [{ filters: { minDownloads: -1 } }, /filters\.minDownloads/],
      [{ filters: { updatedWithinDays: 0 } }, /filters\.updatedWithinDays/],
      [{ filters: { compatibleWith: 'latest' } }, /filters\.compatibleWith/],
      [{ filters: { tags: 'kubernetes' } }, /filters\.tags/],
      [{ filters: { installed: 'yes' } }, /filters\.installed/],
    ])('refuses %j with an InputError naming the field', async (overrides, field) => {
      const { index } = await createSearch(databaseId);
      const error = await index.search(textQuery(overrides as any)).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(field);
    });

    it('refuses bad limits of rankText and autocomplete', async () => {
      const { index } = await createSearch(databaseId);
      await expect(index.rankText('x', 0)).rejects.toThrow(InputError);
      await expect(index.autocomplete('x', 500)).rejects.toThrow(/limit/);
    });
  });
});
