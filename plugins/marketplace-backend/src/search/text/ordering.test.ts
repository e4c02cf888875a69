import { InputError } from '@backstage/errors';
import { encodeCursor, queryFingerprint, rowsAfterCursor, ScoredRow, sortRows } from './ordering';

function row(id: string, values: Partial<ScoredRow> = {}): ScoredRow {
  return {
    id,
    name: id,
    author: 'a',
    category: 'other',
    tags: [],
    roles: [],
    source: 'seed',
    downloads: 0,
    quality: 0,
    installed: false,
    score: 0,
    ...values,
  };
}

describe('ordering', () => {
  const rows = [
    row('c', { score: 1, downloads: 5, publishedAt: '2026-01-01T00:00:00.000Z', name: 'beta' }),
    row('a', { score: 1, downloads: 5, name: 'Alpha' }),
    row('b', { score: 2, downloads: 1, publishedAt: '2026-06-01T00:00:00.000Z', name: 'alpha' }),
    row('d', { score: 1, downloads: 9, publishedAt: '2026-01-01T00:00:00.000Z', name: 'Gamma' }),
  ];

  it.each([
    ['relevance', ['b', 'd', 'a', 'c']],
    ['popularity', ['d', 'a', 'c', 'b']],
    ['updated', ['b', 'c', 'd', 'a']],
    ['name', ['a', 'b', 'c', 'd']],
  ] as const)('sorts by %s with the id breaking ties', (sort, expected) => {
    expect(sortRows(sort, [...rows]).map(r => r.id)).toEqual(expected);
  });

  it('resumes after the cursor row, also when rows tie', () => {
    const sorted = sortRows('popularity', [...rows, row('e', { downloads: 5 })]);
    const fingerprint = queryFingerprint(['q']);
    const cursor = encodeCursor('popularity', fingerprint, sorted[1]);
    expect(rowsAfterCursor('popularity', fingerprint, cursor, sorted).map(r => r.id)).toEqual(
      sorted.slice(2).map(r => r.id),
    );
  });

  it('refuses a cursor of another query and anything else', () => {
    const sorted = sortRows('name', [...rows]);
    const cursor = encodeCursor('name', queryFingerprint(['one']), sorted[0]);
    expect(() => rowsAfterCursor('name', queryFingerprint(['two']), cursor, sorted)).toThrow(InputError);
    expect(() => rowsAfterCursor('name', 'x', 'not a cursor!', sorted)).toThrow(/cursor/);
  });
});
