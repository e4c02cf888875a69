import { databases } from '../../__testUtils__/storage';
import { ndcgAt } from './relevance';
import { loadJudgedQueries, seedSemanticIndex } from './__testUtils__/seedIndex';

jest.setTimeout(120_000);

/*
 * Relevance on the real seed (~270 plugins from ~480 npm packages) against the
 * hand-judged queries of bench/fixtures/judged-queries.json. Text ranking here
 * is a BM25 stand-in over the same documents, so that this test does not
 * depend on the text index; bench/search-relevance.ts also measures the real one.
 */
describe('semantic search on the bundled seed', () => {
  let setup: Awaited<ReturnType<typeof seedSemanticIndex>>;

  beforeAll(async () => {
    setup = await seedSemanticIndex(await databases.init('SQLITE_3'));
  });

  const top5 = async (ranked: Promise<Array<{ id: string }>>) => (await ranked).slice(0, 5).map(r => r.id);

  it('indexes every listing of the seed', () => {
    expect(setup.listings).toBeGreaterThan(250);
    expect(setup.refresh.embedded).toBe(setup.listings);
  });

  it('finds the incident tools for "on-call incidents", which none of them says', async () => {
    const { index, keywords } = setup;
    const expected = ['backstage.pagerduty', 'pagerduty.pagerduty', 'rootly.rootly'];
    expect(await keywords.rankText('on-call incidents', 5)).toEqual([]);
    expect(await top5(index.rank('on-call incidents', 5))).toEqual(expect.arrayContaining(expected));
    expect(
      await top5(index.hybridRank('on-call incidents', 5, { rankText: keywords.rankText })),
    ).toEqual(expect.arrayContaining(expected));
  });

  it('finds Cost Insights for "cloud cost per team"', async () => {
    const { index, keywords } = setup;
    const expected = ['backstage.cost-insights', 'aws.cost-insights-plugin-for-backstage'];
    expect(await top5(index.rank('cloud cost per team', 5))).toEqual(expect.arrayContaining(expected));
    expect(
      await top5(index.hybridRank('cloud cost per team', 5, { rankText: keywords.rankText })),
    ).toEqual(expect.arrayContaining(expected));
  });

  it('ranks better in hybrid than by keywords alone over the judged queries', async () => {
    const { index, keywords } = setup;
    const judged = loadJudgedQueries();
    expect(judged.length).toBeGreaterThanOrEqual(30);
    let text = 0;
    let hybrid = 0;
    for (const { query, relevant } of judged) {
      const textIds = (await keywords.rankText(query, 10)).map(r => r.id);
      const hybridIds = (await index.hybridRank(query, 10, { rankText: keywords.rankText })).map(r => r.id);
      text += ndcgAt(10, textIds, relevant);
      hybrid += ndcgAt(10, hybridIds, relevant);
    }
    expect(hybrid / judged.length).toBeGreaterThanOrEqual(text / judged.length);
  });

  it('finds the other incident tools as similar to PagerDuty', async () => {
    const similar = await top5(setup.index.similar('backstage.pagerduty', 5));
    expect(similar).toEqual(expect.arrayContaining(['pagerduty.pagerduty', 'rootly.rootly']));
    expect(similar).not.toContain('backstage.pagerduty');
  });
});
