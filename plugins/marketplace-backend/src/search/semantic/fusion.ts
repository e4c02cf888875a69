import { RankedIds } from '../types';

/**
 * A ranking and how much it counts in a fusion.
 *
 * @public
 */
export interface WeightedRanking {
  ranks: RankedIds;
  weight: number;
}

/**
 * How hybrid search combines text and semantic rankings.
 *
 * - `rrf`: reciprocal rank fusion, Σ weight / (k + rank). Looks at ranks
 *   only, so it needs no agreement between the scales of the two scores.
 * - `weighted`: Σ weight × score / best score of its ranking. Keeps how far
 *   apart the scores are, so a weak keyword match adds little.
 *
 * @public
 */
export interface FusionOptions {
  method: 'rrf' | 'weighted';
  /** Weights of the text and semantic rankings. */
  weights: { text: number; semantic: number };
  /** The rank constant of `rrf`; larger flattens the head of each ranking. Default 60. */
  k?: number;
}

function sorted(scores: Map<string, number>): RankedIds {
  return [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/**
 * Reciprocal rank fusion (Cormack et al., 2009): every ranking gives each of
 * its ids weight / (k + rank), rank counted from 1.
 *
 * @public
 */
export function reciprocalRankFusion(rankings: WeightedRanking[], k = 60): RankedIds {
  const scores = new Map<string, number>();
  for (const { ranks, weight } of rankings) {
    ranks.forEach(({ id }, i) => {
      scores.set(id, (scores.get(id) ?? 0) + weight / (k + i + 1));
    });
  }
  return sorted(scores);
}

/**
 * Weighted sum of scores, each ranking's scores divided by its best one so
 * that rankings of different scales meet between 0 and 1. Negative scores
 * count as 0.
 *
 * @public
 */
export function weightedScoreFusion(rankings: WeightedRanking[]): RankedIds {
  const scores = new Map<string, number>();
  for (const { ranks, weight } of rankings) {
    const best = ranks.reduce((max, r) => Math.max(max, r.score), 0);
    for (const { id, score } of ranks) {
      const normalized = best > 0 ? Math.max(0, score) / best : 0;
      scores.set(id, (scores.get(id) ?? 0) + weight * normalized);
    }
  }
  return sorted(scores);
}

/**
 * Fuses a text and a semantic ranking as the options say.
 *
 * @public
 */
export function fuseRankings(
  text: RankedIds,
  semantic: RankedIds,
  options: FusionOptions,
): RankedIds {
  const rankings = [
    { ranks: text, weight: options.weights.text },
    { ranks: semantic, weight: options.weights.semantic },
  ];
  return options.method === 'rrf'
    ? reciprocalRankFusion(rankings, options.k ?? 60)
    : weightedScoreFusion(rankings);
}
