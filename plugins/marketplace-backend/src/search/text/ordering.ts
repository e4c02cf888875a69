import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { SearchSort } from '../types';
import { CandidateRow } from './filters';

/** The sorts a search accepts. */
export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'popularity', 'updated', 'name', 'quality'];

/** Orders strings by code units: the same everywhere, unlike locale collation. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** A candidate with its relevance. */
export type ScoredRow = CandidateRow & { score: number };

/** A part of a sort key. */
export type KeyPart = number | string | null;

/**
 * The sort key of a row: compared part by part, ascending, nulls last; the
 * id comes last so that the order is total and pages are stable under ties.
 * Descending numbers are negated.
 */
export function sortKey(sort: SearchSort, row: ScoredRow): KeyPart[] {
  switch (sort) {
    case 'relevance':
      // With no text every score is 0 and this is the popularity order.
      return [-row.score, -row.downloads, row.id];
    case 'popularity':
      return [-row.downloads, row.id];
    case 'updated':
      // Newest first: a descending string is an ascending one of its inverse.
      return [row.publishedAt ?? null, row.id];
    case 'name':
      return [row.name.toLowerCase(), row.id];
    case 'quality':
      return [-row.quality, -row.downloads, row.id];
    default:
      throw new InputError(`sort must be one of ${SEARCH_SORTS.join(', ')}`);
  }
}

function compareParts(sort: SearchSort, a: KeyPart[], b: KeyPart[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const descending = sort === 'updated' && i === 0;
    const order = x < y ? -1 : 1;
    return descending ? -order : order;
  }
  return 0;
}

/** Sorts rows in place in the order of `sort`. */
export function sortRows(sort: SearchSort, rows: ScoredRow[]): ScoredRow[] {
  const keyed = rows.map(row => ({ row, key: sortKey(sort, row) }));
  keyed.sort((a, b) => compareParts(sort, a.key, b.key));
  keyed.forEach((k, i) => {
    rows[i] = k.row;
  });
  return rows;
}

interface CursorContent {
  /** Fingerprint of the query the cursor belongs to. */
  q: string;
  /** Sort key of the last row of the page. */
  k: KeyPart[];
}

/** A fingerprint of everything that decides a result's order and content. */
export function queryFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

/** An opaque cursor pointing after `row` in the order of `sort`. */
export function encodeCursor(sort: SearchSort, fingerprint: string, row: ScoredRow): string {
  const content: CursorContent = { q: fingerprint, k: sortKey(sort, row) };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

/**
 * The sort key a cursor points after. A cursor of another query, or not a
 * cursor at all, is an InputError naming the field.
 */
export function decodeCursor(fingerprint: string, cursor: string): KeyPart[] {
  let content: CursorContent;
  try {
    content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputError('cursor is not a cursor of this search');
  }
  if (
    typeof content !== 'object' ||
    content === null ||
    content.q !== fingerprint ||
    !Array.isArray(content.k) ||
    content.k.some(p => p !== null && typeof p !== 'number' && typeof p !== 'string')
  ) {
    throw new InputError('cursor is not a cursor of this search');
  }
  return content.k;
}

/**
 * The first index of sorted items whose sort key comes after `after`;
 * `keyAt(i)` is the key of item `i`.
 */
export function firstAfter(sort: SearchSort, after: KeyPart[], length: number, keyAt: (i: number) => KeyPart[]): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareParts(sort, keyAt(mid), after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The rows after the cursor in sorted `rows`. A cursor of another query, or
 * not a cursor at all, is an InputError naming the field.
 */
export function rowsAfterCursor(
  sort: SearchSort,
  fingerprint: string,
  cursor: string,
  rows: ScoredRow[],
): ScoredRow[] {
  const after = decodeCursor(fingerprint, cursor);
  return rows.slice(firstAfter(sort, after, rows.length, i => sortKey(sort, rows[i])));
}
