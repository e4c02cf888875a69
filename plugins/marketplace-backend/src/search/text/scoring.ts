/**
 * Relevance, computed the same way on every database from what each one
 * reports: in which field each query term occurs, its own rank (ts_rank or
 * bm25) as a tie-breaker, and trigram similarity of the name for typos.
 */

/** Similarity (pg_trgm word_similarity) from which a name counts as a typo match. */
export const FUZZY_THRESHOLD = 0.5;

/**
 * How many of a query's `size` distinct trigrams a text must hold for its
 * word similarity to reach FUZZY_THRESHOLD: similarity is shared / (size +
 * extent - shared), and an extent holds at least the shared trigrams, so it
 * is at most shared / size.
 */
export function sharedTrigramsNeeded(size: number): number {
  return Math.ceil(FUZZY_THRESHOLD * size - 1e-9);
}

/**
 * Where a query term occurs in a plugin's search document, best field first:
 * 1 name or id words, 2 tags or category, 3 description, 4 elsewhere (the
 * README), 0 nowhere.
 */
export type TermField = 0 | 1 | 2 | 3 | 4;

/**
 * What a term found in each field is worth. Apart further than the
 * tie-breakers reach, so that for one word a name match always outranks a
 * tag or category match, which outranks a description match, which outranks
 * a README match.
 */
export const FIELD_WEIGHTS: Readonly<Record<TermField, number>> = {
  0: 0,
  1: 1,
  2: 0.4,
  3: 0.2,
  4: 0.1,
};

/** A typo match of the name scores this share of its similarity. */
const FUZZY_WEIGHT = 0.8;
/** The text is the plugin's whole name. */
const EXACT_NAME_BONUS = 0.5;
/** Ceilings of the tie-breakers; together below the smallest gap between field weights. */
const RANK_WEIGHT = 0.05;
const POPULARITY_WEIGHT = 0.04;

/** What the full-text index says about one plugin. */
export interface LexicalMatch {
  /** What the words earn where they occur (see `wordScore`). */
  words: number;
  /** The database's own rank, scaled to 0..1 within one query. */
  rank: number;
}

/**
 * How many of `termCount` terms a plugin must hold: all of one or two, then
 * about 60%, so that a sentence still finds plugins that say most of it.
 */
export function requiredTerms(termCount: number): number {
  return termCount <= 2 ? termCount : Math.ceil(termCount * 0.6);
}

/** Everything relevance is computed from. */
export interface RelevanceFeatures {
  lexical?: LexicalMatch;
  /** Trigram similarity of the query and the name, 0..1. */
  similarity: number;
  exactName: boolean;
  downloads: number;
}

/**
 * What the words of a text earn in a plugin: how many of them it holds, and
 * where; `fields[from]` to `fields[from + count - 1]` are the best fields
 * (TermField) of its terms.
 */
export function wordScore(fields: ArrayLike<number>, from = 0, count = fields.length - from): number {
  if (count <= 0) return 0;
  let holding = 0;
  let sum = 0;
  for (let i = from; i < from + count; i++) {
    if (fields[i] > 0) holding += 1;
    sum += FIELD_WEIGHTS[fields[i] as TermField];
  }
  const coverage = holding / count;
  const weight = sum / count;
  // Terms missing count twice: in the mean weight and in the coverage.
  return coverage * weight;
}

/**
 * Whether a typo match of the name could change a plugin's relevance, given
 * what its words earn: a typo earns at most FUZZY_WEIGHT, and relevance
 * takes the better of the two.
 */
export function typoCanMatter(words: number): boolean {
  return words < FUZZY_WEIGHT;
}

/** Relevance of one plugin; higher is better, comparable within one query. */
export function relevance(features: RelevanceFeatures): number {
  const { lexical, similarity } = features;
  const words = lexical?.words ?? 0;
  const typo = similarity >= FUZZY_THRESHOLD ? FUZZY_WEIGHT * similarity : 0;
  let score = Math.max(words, typo);
  if (lexical) score += RANK_WEIGHT * lexical.rank;
  if (features.exactName) score += EXACT_NAME_BONUS;
  // A million monthly downloads earn the whole bonus.
  score += POPULARITY_WEIGHT * Math.min(1, Math.log10(1 + features.downloads) / 6);
  // Rounded so that sums reach the same value whatever order they were added in.
  return Math.round(score * 1e9) / 1e9;
}
