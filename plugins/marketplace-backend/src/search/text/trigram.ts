import { ASCII_WORD, NOT_ASCII } from './textQuery';

/**
 * Trigram similarity as Postgres' pg_trgm computes it, computed in memory
 * the same for every database (see `similarNames` and `SuggestionIndex`).
 */

const WORD = /[\p{L}\p{N}]+/gu;

/** The words pg_trgm sees in a text: runs of letters and digits, lower-cased. */
export function trigramWords(text: string): string[] {
  return text.toLowerCase().match(NOT_ASCII.test(text) ? WORD : ASCII_WORD) ?? [];
}

/**
 * The trigrams of each word in order, duplicates kept, each word padded with
 * two spaces in front and one behind (pg_trgm's `show_trgm`, unsorted).
 */
export function trigramSequence(text: string): string[] {
  const result: string[] = [];
  for (const word of trigramWords(text)) {
    const chars = Array.from(`  ${word} `);
    for (let i = 0; i + 3 <= chars.length; i++) {
      result.push(chars[i] + chars[i + 1] + chars[i + 2]);
    }
  }
  return result;
}

/**
 * Trigrams that lie inside a word (no padding): the ones a trigram tokenizer
 * without padding, like SQLite FTS5's, also produces.
 */
export function innerTrigrams(text: string): string[] {
  return [...new Set(trigramSequence(text).filter(t => !t.includes(' ')))];
}

/**
 * A query's trigrams for `similarityTo`: `wanted[code]` is 1 for the codes
 * of its distinct trigrams, `size` how many there are (codes of trigrams no
 * target has need no slot), `lastPos` scratch space of the same length as
 * `wanted`, all -1 between calls.
 */
export interface TrigramQuery {
  wanted: Uint8Array;
  size: number;
  lastPos: Int32Array;
}

function calcSimilarity(count: number, len1: number, len2: number): number {
  return count / (len1 + len2 - count);
}

/**
 * pg_trgm's `word_similarity(query, target)` with trigrams as numbers: the
 * greatest similarity between the query's trigrams and a continuous extent
 * of the target's trigram sequence. A port of `iterate_word_similarity`
 * (non-strict), including its greedy choice of the extent's lower bound.
 */
export function similarityTo(query: TrigramQuery, sequence: ArrayLike<number>): number {
  const { wanted, size: ulen1, lastPos } = query;
  if (ulen1 === 0 || sequence.length === 0) return 0;
  let ulen2 = 0;
  let count = 0;
  let lower = -1;
  let best = 0;
  for (let i = 0; i < sequence.length; i++) {
    const trigram = sequence[i];
    const found = wanted[trigram] === 1;
    if (lower >= 0 || found) {
      if (lastPos[trigram] < 0) {
        ulen2 += 1;
        if (found) count += 1;
      }
      lastPos[trigram] = i;
    }
    if (!found) continue;

    const upper = i;
    if (lower === -1) {
      lower = i;
      ulen2 = 1;
    }
    let current = calcSimilarity(count, ulen1, ulen2);
    let tmpCount = count;
    let tmpUlen2 = ulen2;
    const previousLower = lower;
    for (let tmpLower = lower; tmpLower <= upper; tmpLower++) {
      const candidate = calcSimilarity(tmpCount, ulen1, tmpUlen2);
      if (candidate > current) {
        current = candidate;
        ulen2 = tmpUlen2;
        lower = tmpLower;
        count = tmpCount;
      }
      const dropped = sequence[tmpLower];
      if (lastPos[dropped] === tmpLower) {
        tmpUlen2 -= 1;
        if (wanted[dropped] === 1) tmpCount -= 1;
      }
    }
    best = Math.max(best, current);
    for (let tmpLower = previousLower; tmpLower < lower; tmpLower++) {
      const dropped = sequence[tmpLower];
      if (lastPos[dropped] === tmpLower) lastPos[dropped] = -1;
    }
  }
  for (let i = 0; i < sequence.length; i++) lastPos[sequence[i]] = -1;
  return best;
}

/**
 * pg_trgm's `word_similarity(query, target)`: the greatest similarity between
 * the trigrams of `query` and a continuous extent of the trigrams of `target`.
 */
export function wordSimilarity(query: string, target: string): number {
  const codes = new Map<string, number>();
  const code = (trigram: string) => {
    let value = codes.get(trigram);
    if (value === undefined) {
      value = codes.size;
      codes.set(trigram, value);
    }
    return value;
  };
  const wanted = new Set(trigramSequence(query).map(code));
  const sequence = trigramSequence(target).map(code);
  const marks = new Uint8Array(codes.size);
  for (const c of wanted) marks[c] = 1;
  return similarityTo({ wanted: marks, size: wanted.size, lastPos: new Int32Array(codes.size).fill(-1) }, sequence);
}
