import { Knex } from 'knex';
import { CandidateColumns } from './CandidateColumns';
import { LexicalHit, MAX_TERM_SUBSETS, subsetCount, TextSearchDialect } from './dialects/TextSearchDialect';
import {
  FUZZY_THRESHOLD,
  LexicalMatch,
  relevance,
  requiredTerms,
  sharedTrigramsNeeded,
  typoCanMatter,
  wordScore,
} from './scoring';
import { allowsTypos } from './suggestions';
import { ParsedText } from './textQuery';

/** The plugins a text matches: row numbers with their relevance, in no particular order. */
export interface TextMatches {
  rows: Int32Array;
  scores: Float64Array;
}

/**
 * The plugins a text matches, with their relevance. The database finds and
 * ranks the words; typos of names are found in memory (`similarNames`).
 * `enough` keeps plugins holding enough of the terms (see `requiredTerms`),
 * `any` those holding any.
 */
export async function matchText(options: {
  dialect: TextSearchDialect;
  tx: Knex;
  columns: CandidateColumns;
  text: ParsedText;
  match: 'enough' | 'any';
  /** Only these rows are matched. */
  among?: number[];
}): Promise<TextMatches> {
  const { dialect, tx, columns, text, match, among } = options;
  const amongIds = among?.map(row => columns.ids[row]);
  const { terms, fuzzy, words } = text;
  // Plugins holding enough of the terms (see requiredTerms); if none does, those holding the
  // most. Asking the database for those holding k of them, k from enough down, spares reading
  // the thousands that hold only one common word; only when the alternatives of k terms are
  // too many to list is every plugin holding any read, and those holding the most kept.
  let found: { hits: LexicalHit[]; rows: number[] } = { hits: [], rows: [] };
  let held: number[] = [];
  let required = 0;
  const most = match === 'any' ? Math.min(1, terms.length) : requiredTerms(terms.length);
  for (let k = most; k >= 1 && found.hits.length === 0; k--) {
    const listed = subsetCount(terms.length, k) <= MAX_TERM_SUBSETS;
    found = known(columns, await dialect.lexical(tx, terms, listed ? k : 1, amongIds));
    held = found.hits.map(h => h.fields.reduce<number>((n, f) => (f > 0 ? n + 1 : n), 0));
    required = Math.min(k, held.reduce((max, n) => Math.max(max, n), 0));
    if (!listed) break;
  }
  const { hits, rows: hitRows } = found;

  const lexical = new Map<number, LexicalMatch>();
  const kept = hits.filter((_, i) => held[i] >= required);
  const bestRank = kept.reduce((max, h) => Math.max(max, h.rank), 0);
  hits.forEach((hit, i) => {
    if (held[i] < required) return;
    // The database's ranks, scaled to 0..1 by the best one of this text.
    lexical.set(hitRows[i], { fields: hit.fields, rank: bestRank > 0 ? hit.rank / bestRank : 0 });
  });

  const skip = (row: number) => {
    const inWords = lexical.get(row);
    return inWords !== undefined && !typoCanMatter(wordScore(inWords.fields));
  };
  const similarity = allowsTypos(fuzzy) ? similarNames(columns, fuzzy, skip, among) : new Map<number, number>();

  const rows = new Int32Array(lexical.size + similarity.size);
  let count = 0;
  for (const row of lexical.keys()) rows[count++] = row;
  for (const row of similarity.keys()) if (!lexical.has(row)) rows[count++] = row;
  const phrase = words.join(' ');
  const matched = rows.subarray(0, count);
  const scores = Float64Array.from(matched, row =>
    relevance({
      lexical: lexical.get(row),
      similarity: similarity.get(row) ?? 0,
      exactName: columns.nameWords(row) === phrase,
      downloads: columns.downloads[row],
    }),
  );
  return { rows: matched, scores };
}

/**
 * The hits whose plugin the rows hold, with their row numbers. The rows are
 * of the same snapshot as the hits, so none should be missing; one that is
 * has no row to filter, facet or order by, and is left out.
 */
function known(columns: CandidateColumns, found: LexicalHit[]): { hits: LexicalHit[]; rows: number[] } {
  const hits: LexicalHit[] = [];
  const rows: number[] = [];
  for (const hit of found) {
    const row = columns.rowOf.get(hit.id);
    if (row !== undefined) {
      hits.push(hit);
      rows.push(row);
    }
  }
  return { hits, rows };
}

/**
 * The plugins whose name (with its id's words, `pluginNameText`) reaches
 * FUZZY_THRESHOLD of pg_trgm word similarity to the text, with it; leaving
 * out those `skip` says it would not matter for. Only names holding enough
 * of the text's trigrams are measured (see `sharedTrigramsNeeded`), or
 * with `among` only those rows.
 */
export function similarNames(
  columns: CandidateColumns,
  text: string,
  skip: (row: number) => boolean,
  among?: number[],
): Map<number, number> {
  const names = columns.names;
  const query = names.query(text);
  const found = new Map<number, number>();
  const rows = among ?? names.entriesSharing(query, sharedTrigramsNeeded(query.size), columns.size);
  for (const row of rows) {
    if (skip(row)) continue;
    const value = names.similarity(query, row);
    if (value >= FUZZY_THRESHOLD) found.set(row, value);
  }
  return found;
}
