import { Knex } from 'knex';
import { CandidateColumns } from './CandidateColumns';
import { LexicalHits, MAX_TERM_SUBSETS, subsetCount, TextSearchDialect } from './dialects/TextSearchDialect';
import {
  FUZZY_THRESHOLD,
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

  // The hits kept, by row: their word scores, and the database's ranks scaled to 0..1 by the
  // best one kept. Arrays, not an object per hit: a common word has tens of thousands.
  const hitOf = new Int32Array(columns.size).fill(-1);
  const kept: number[] = [];
  let wordScores = new Float64Array(0);
  let bestRank = 0;
  if (found) {
    const { hits, rows: hitRows, held } = found;
    wordScores = new Float64Array(hitRows.length);
    for (let i = 0; i < hitRows.length; i++) {
      if (hitRows[i] < 0 || held[i] < required) continue;
      hitOf[hitRows[i]] = i;
      kept.push(i);
      wordScores[i] = wordScore(hits.fields, i * termCount, termCount);
      bestRank = Math.max(bestRank, hits.ranks[i]);
    }
  }

  const skip = (row: number) => hitOf[row] >= 0 && !typoCanMatter(wordScores[hitOf[row]]);
  const similarity = allowsTypos(fuzzy) ? similarNames(columns, fuzzy, skip, among) : new Map<number, number>();

  const phrase = words.join(' ');
  const named = columns.rowsNamed(phrase);
  const rows = new Int32Array(kept.length + similarity.size);
  const scores = new Float64Array(rows.length);
  let count = 0;
  const add = (row: number, hit: number) => {
    rows[count] = row;
    scores[count] = relevance({
      lexical: hit < 0 ? undefined : { words: wordScores[hit], rank: bestRank > 0 ? found!.hits.ranks[hit] / bestRank : 0 },
      similarity: similarity.get(row) ?? 0,
      exactName: named.has(row),
      downloads: columns.downloads[row],
    });
    count += 1;
  };
  for (const hit of kept) add(found!.rows[hit], hit);
  for (const row of similarity.keys()) if (hitOf[row] < 0) add(row, -1);
  return { rows: rows.subarray(0, count), scores: scores.subarray(0, count) };
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
  const rows = new Int32Array(hits.ids.length);
  const held = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) rows[i] = columns.rowOf.get(hits.ids[i]) ?? -1;
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
