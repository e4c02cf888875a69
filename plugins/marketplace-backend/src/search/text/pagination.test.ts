import { InputError } from '@backstage/errors';
import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { SearchHit, SearchSort } from '../types';
import { allPages, createSearch, textQuery } from './__testUtils__/searchSetup';

jest.setTimeout(180_000);

/** Whether consecutive hits are in the order of `sort`, ties broken by id. */
function inOrder(sort: SearchSort, a: SearchHit, b: SearchHit): boolean {
  const tie = a.id < b.id;
  switch (sort) {
    case 'relevance':
      return a.score > b.score || (a.score === b.score && (a.downloadsMonthly > b.downloadsMonthly || (a.downloadsMonthly === b.downloadsMonthly && tie)));
    case 'popularity':
      return a.downloadsMonthly > b.downloadsMonthly || (a.downloadsMonthly === b.downloadsMonthly && tie);
    case 'quality':
      return a.qualityScore > b.qualityScore || (a.qualityScore === b.qualityScore && (a.downloadsMonthly > b.downloadsMonthly || (a.downloadsMonthly === b.downloadsMonthly && tie)));
    case 'name':
      return a.name.toLowerCase() < b.name.toLowerCase() || (a.name.toLowerCase() === b.name.toLowerCase() && tie);
    case 'updated': {
      const x = a.publishedAt ?? '';
      const y = b.publishedAt ?? '';
      return x > y || (x === y && tie);
    }
    default:
      return false;
  }
}

const SORTS: SearchSort[] = ['relevance', 'popularity', 'updated', 'name', 'quality'];

describe.each(databases.eachSupportedId())('Text search pagination on %s', databaseId => {
  let search: Awaited<ReturnType<typeof createSearch>>;
  beforeAll(async () => {
    search = await createSearch(databaseId, { seed: true });
    // Listings that tie on every sort key but the id.
    await search.store.replaceSource('npm', [
      ...['t1', 't2', 't3', 't4', 't5'].map(id =>
        makeListing(`tie.${id}`, {
          source: 'npm',
          priority: 20,
          downloadsMonthly: 777,
          publishedAt: '2026-10-01T00:00:00.000Z',
          spec: { name: 'Tie', description: 'Same backend everywhere.' },
        }),
      ),
    ]);
  });

  it.each(
    SORTS.flatMap(sort => [
      [sort, undefined, {}],
      [sort, 'backend', {}],
      [sort, undefined, { categories: ['catalog', 'core'], minQuality: 20 }],
    ]) as Array<[SearchSort, string | undefined, object]>,
  )('walks every result of sort %s, text %j, filters %j once, in order', async (sort, text, filters) => {
    const query = textQuery({ sort, text, filters, limit: 7 });
    const { ids, pages } = await allPages(search.index, query);
    const total = pages[0].totalCount;

    expect(total).toBeGreaterThan(7);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(total);
    expect(pages.slice(0, -1).every(p => p.items.length === 7 && p.nextCursor)).toBe(true);
    expect(pages[pages.length - 1].nextCursor).toBeUndefined();

    const hits = pages.flatMap(p => p.items);
    const misordered = hits.slice(1).filter((hit, i) => !inOrder(sort, hits[i], hit));
    expect(misordered.map(h => h.id)).toEqual([]);
    // Pages of another size cut the same sequence.
    expect((await allPages(search.index, { ...query, limit: 100 })).ids).toEqual(ids);
  });

  it('continues after the last row seen when listings change between pages', async () => {
    const query = textQuery({ sort: 'popularity', limit: 5 });
    const first = await search.index.search(query);
    await search.store.replaceSource('catalog', [
      makeListing('new.top', { source: 'catalog', priority: 30, downloadsMonthly: 10 ** 9 }),
    ]);
    const second = await search.index.search({ ...query, cursor: first.nextCursor });

    const firstIds = first.items.map(i => i.id);
    expect(second.items.map(i => i.id).some(id => firstIds.includes(id) || id === 'new.top')).toBe(false);
    expect(second.items[0].downloadsMonthly).toBeLessThanOrEqual(first.items[4].downloadsMonthly);
    await search.store.replaceSource('catalog', []);
  });

  it('refuses a cursor of another query', async () => {
    const page = await search.index.search(textQuery({ text: 'catalog', limit: 2 }));
    const error = await search.index
      .search(textQuery({ text: 'kubernetes', limit: 2, cursor: page.nextCursor }))
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/cursor/);
  });
});
