import { Knex } from 'knex';
import { CandidateColumns } from './CandidateColumns';
import { LexicalHits, MAX_TERM_SUBSETS, subsetCount, TextSearchDialect } from './dialects/TextSearchDialect';
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
  const termCount = terms.length;
  let found: { hits: LexicalHits; rows: Int32Array; held: Uint8Array } | undefined;
  let required = 0;
  const most = match === 'any' ? Math.min(1, termCount) : requiredTerms(termCount);
  for (let k = most; k >= 1 && !found?.hits.ids.length; k--) {
    const listed = subsetCount(termCount, k) <= MAX_TERM_SUBSETS;
    found = known(columns, await dialect.lexical(tx, terms, listed ? k : 1, amongIds), termCount);
    required = Math.min(k, found.held.reduce((max, n) => Math.max(max, n), 0));
    if (!listed) break;
  }

  // Per row, the hit that matched it; the database's ranks scaled to 0..1 by the best one kept.
  const lexical = new Map<number, LexicalMatch>();
  if (found) {
    const { hits, rows: hitRows, held } = found;
    let bestRank = 0;
    for (let i = 0; i < hitRows.length; i++) {
      if (hitRows[i] >= 0 && held[i] >= required) bestRank = Math.max(bestRank, hits.ranks[i]);
    }
    for (let i = 0; i < hitRows.length; i++) {
      if (hitRows[i] < 0 || held[i] < required) continue;
      lexical.set(hitRows[i], {
        fields: hits.fields.subarray(i * termCount, (i + 1) * termCount),
        rank: bestRank > 0 ? hits.ranks[i] / bestRank : 0,
      });
    }
  }

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
 * The row of each hit (-1 when the rows do not hold its plugin: they are of
 * the same snapshot, so none should be missing, and one that is has no row
 * to filter, facet or order by), and how many of the terms it holds.
 */
function known(
  columns: CandidateColumns,
  hits: LexicalHits,
  termCount: number,
): { hits: LexicalHits; rows: Int32Array; held: Uint8Array } {
  const rows = Int32Array.from(hits.ids, id => columns.rowOf.get(id) ?? -1);
  const held = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] < 0) continue;
    for (let t = 0; t < termCount; t++) if (hits.fields[i * termCount + t] > 0) held[i] += 1;
  }
  return { hits, rows, held };
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
