import { InputError } from '@backstage/errors';
import { SearchSort } from '../types';
import { CandidateColumns, FixedSort } from './CandidateColumns';
import { firstAfter, KeyPart, ScoredRow, sortKey } from './ordering';

/** Rows that passed the filters, with their relevance (0 for all when there is no text). */
export interface Matching {
  rows: ArrayLike<number>;
  scores?: ArrayLike<number>;
}

/** One page of matching rows, in order, and whether more follow. */
export interface Page {
  rows: ScoredRow[];
  more: boolean;
}

/**
 * The page of `limit` matching rows after the cursor key `after` (from the
 * start without one) in the order of `sort`, ties broken by id: the order of
 * `sortRows` and `sortKey`, found without sorting every match. Each row is
 * ranked by its score (relevance) and its place in the columns' order of the
 * sort (popularity for relevance), and the best `limit + 1` after the cursor
 * are kept.
 */
export function selectPage(options: {
  columns: CandidateColumns;
  sort: SearchSort;
  matching: Matching;
  after?: KeyPart[];
  limit: number;
}): Page {
  const { columns, sort, matching, after, limit } = options;
  const fixed: FixedSort = sort === 'relevance' ? 'popularity' : sort;
  const { rows: ordered, position } = columns.order(fixed);
  const scoreOf = (i: number) => matching.scores?.[i] ?? 0;
  // Only relevance orders by score; the other sorts by their fixed order alone.
  const byScore = sort === 'relevance';
  const rowAt = (row: number, score: number): ScoredRow => ({ ...columns.rows[row], score });

  // Where the cursor falls: the first place in the fixed order after it, and for relevance its score.
  let fromPosition = 0;
  let afterScore = Infinity;
  if (after) {
    let fixedKey = after;
    afterScore = 0;
    if (byScore) {
      if (typeof after[0] !== 'number') throw new InputError('cursor is not a cursor of this search');
      afterScore = -after[0];
      fixedKey = after.slice(1);
    }
    fromPosition = firstAfter(fixed, fixedKey, ordered.length, i => sortKey(fixed, rowAt(ordered[i], 0)));
  }
  // Every row matching and no scores: the page is a slice of the fixed order.
  if (!matching.scores && matching.rows.length === columns.size) {
    const rows = Array.from(ordered.subarray(fromPosition, fromPosition + limit + 1));
    return { rows: rows.slice(0, limit).map(row => rowAt(row, 0)), more: rows.length > limit };
  }
  const isAfter = (score: number, place: number) =>
    score < afterScore || (score === afterScore && place >= fromPosition);

  // The best limit + 1 after the cursor: descending by score, then ascending by place.
  const best: Array<{ row: number; score: number; value: number; place: number }> = [];
  const keep = limit + 1;
  for (let i = 0; i < matching.rows.length; i++) {
    const row = matching.rows[i];
    const value = scoreOf(i);
    const score = byScore ? value : 0;
    const place = position[row];
    if (!isAfter(score, place)) continue;
    if (best.length === keep) {
      const last = best[keep - 1];
      if (score < last.score || (score === last.score && place > last.place)) continue;
    }
    let at = best.length;
    while (at > 0 && (best[at - 1].score < score || (best[at - 1].score === score && best[at - 1].place > place))) at--;
    best.splice(at, 0, { row, score, value, place });
    if (best.length > keep) best.pop();
  }
  return {
    rows: best.slice(0, limit).map(b => rowAt(b.row, b.value)),
    more: best.length > limit,
  };
}
