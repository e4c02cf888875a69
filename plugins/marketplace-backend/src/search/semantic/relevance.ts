/**
 * A query with graded relevance judgements: plugin id → grade (3 = what the
 * user is looking for, 2 = clearly relevant, 1 = partly relevant).
 *
 * @public
 */
export interface JudgedQuery {
  query: string;
  relevant: Record<string, number>;
  /** Whether the query shares words with the relevant plugins' own text, or looks a plugin up by (part of) its name. */
  vocabulary?: 'shared' | 'differs' | 'lookup';
}

/**
 * Normalised discounted cumulative gain of the first `k` ids, with gains
 * 2^grade − 1: 1 when the best plugins come first in the best order, 0 when
 * none of the first `k` is relevant.
 *
 * @public
 */
export function ndcgAt(k: number, ranked: string[], relevant: Record<string, number>): number {
  const gain = (grade: number) => 2 ** grade - 1;
  const dcg = ranked
    .slice(0, k)
    .reduce((sum, id, i) => sum + gain(relevant[id] ?? 0) / Math.log2(i + 2), 0);
  const ideal = Object.values(relevant)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, i) => sum + gain(grade) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/**
 * Share of the relevant plugins (any grade) found among the first `k` ids, out
 * of as many as could fit in `k`.
 *
 * @public
 */
export function recallAt(k: number, ranked: string[], relevant: Record<string, number>): number {
  const wanted = Object.keys(relevant).filter(id => relevant[id] > 0);
  if (wanted.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return wanted.filter(id => top.has(id)).length / Math.min(k, wanted.length);
}
