import { SearchSort } from '../types';
import { CandidateColumns } from './CandidateColumns';
import { CandidateRow } from './filters';
import { decodeCursor, encodeCursor, queryFingerprint, rowsAfterCursor, ScoredRow, SEARCH_SORTS, sortRows } from './ordering';
import { selectPage } from './pages';

/** Rows with many ties: few distinct downloads, qualities, dates and names. */
function rows(count: number): CandidateRow[] {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  return Array.from({ length: count }, (_, i) => ({
    id: `p${String(next(1000)).padStart(3, '0')}.${i}`,
    name: ['Alpha', 'alpha', 'Beta', 'gamma', 'Delta'][next(5)],
    author: 'a',
    category: 'other',
    tags: [],
    roles: [],
    source: 'seed',
    downloads: [0, 10, 10, 500, 90000][next(5)],
    quality: next(4) * 20,
    publishedAt: next(4) === 0 ? undefined : `2026-0${1 + next(3)}-01T00:00:00.000Z`,
    installed: false,
  }));
}

describe('selectPage', () => {
  const all = rows(300);
  const columns = CandidateColumns.build(all);
  const fingerprint = queryFingerprint(['q']);

  /** Every page of `limit`, following cursors, as selectPage cuts them. */
  function walk(sort: SearchSort, matching: { rows: number[]; scores?: number[] }, limit: number) {
    const seen: ScoredRow[] = [];
    let after: ReturnType<typeof decodeCursor> | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = selectPage({ columns, sort, matching, after, limit });
      seen.push(...page.rows);
      if (!page.more) break;
      after = decodeCursor(fingerprint, encodeCursor(sort, fingerprint, page.rows[page.rows.length - 1]));
    }
    return seen.map(r => `${r.id}:${r.score}`);
  }

  it.each(SEARCH_SORTS.flatMap(sort => [[sort, 7], [sort, 100]] as Array<[SearchSort, number]>))(
    'walks the rows in the order of sortRows for %s, %d at a time',
    (sort, limit) => {
      // Every row, no text.
      const everything = sortRows(sort, all.map(r => ({ ...r, score: 0 })));
      expect(walk(sort, { rows: all.map((_, i) => i) }, limit)).toEqual(everything.map(r => `${r.id}:0`));

      // Some rows, scored, with ties in the scores.
      const some = all.map((_, i) => i).filter(i => i % 3 !== 0);
      const scores = some.map(i => [0.5, 1.25, 1.25, 2][i % 4]);
      const scored = sortRows(sort, some.map((row, i) => ({ ...all[row], score: scores[i] })));
      expect(walk(sort, { rows: some, scores }, limit)).toEqual(scored.map(r => `${r.id}:${r.score}`));
    },
  );

  it('resumes after a cursor as rowsAfterCursor does, also for a row that no longer matches', () => {
    const some = all.map((_, i) => i).filter(i => i % 2 === 0);
    const scores = some.map(i => (i % 5) / 2);
    const sorted = sortRows('relevance', some.map((row, i) => ({ ...all[row], score: scores[i] })));
    const gone = { ...all[1], score: 1 };
    const cursor = encodeCursor('relevance', fingerprint, gone);
    const page = selectPage({ columns, sort: 'relevance', matching: { rows: some, scores }, after: decodeCursor(fingerprint, cursor), limit: 5 });
    expect(page.rows.map(r => r.id)).toEqual(
      rowsAfterCursor('relevance', fingerprint, cursor, sortRows('relevance', [...sorted, gone]))
        .slice(0, 5)
        .map(r => r.id),
    );
  });
});
