/**
 * Trigram similarity as Postgres' pg_trgm computes it, so that typo tolerance
 * scores the same on every database: Postgres' trigram indexes and SQLite's
 * FTS5 trigram table only find candidates, this decides.
 */

const WORD = /[\p{L}\p{N}]+/gu;

/** The words pg_trgm sees in a text: runs of letters and digits, lower-cased. */
export function trigramWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
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

function calcSimilarity(count: number, len1: number, len2: number): number {
  return count / (len1 + len2 - count);
}

/**
 * pg_trgm's `word_similarity(query, target)`: the greatest similarity between
 * the trigrams of `query` and a continuous extent of the trigrams of `target`.
 * A port of `iterate_word_similarity` (non-strict), including its greedy
 * choice of the extent's lower bound.
 */
export function wordSimilarity(query: string, target: string): number {
  const wanted = new Set(trigramSequence(query));
  const sequence = trigramSequence(target);
  const ulen1 = wanted.size;
  if (ulen1 === 0 || sequence.length === 0) return 0;

  const lastPos = new Map<string, number>();
  let ulen2 = 0;
  let count = 0;
  let lower = -1;
  let best = 0;
  for (let i = 0; i < sequence.length; i++) {
    const trigram = sequence[i];
    const found = wanted.has(trigram);
    if (lower >= 0 || found) {
      if (!lastPos.has(trigram)) {
        ulen2 += 1;
        if (found) count += 1;
      }
      lastPos.set(trigram, i);
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
      if (lastPos.get(dropped) === tmpLower) {
        tmpUlen2 -= 1;
        if (wanted.has(dropped)) tmpCount -= 1;
      }
    }
    best = Math.max(best, current);
    for (let tmpLower = previousLower; tmpLower < lower; tmpLower++) {
      const dropped = sequence[tmpLower];
      if (lastPos.get(dropped) === tmpLower) lastPos.delete(dropped);
    }
  }
  return best;
}
