import { QualityMetrics } from './types/PluginSpecification';

/**
 * The lowest score of each grade, best first; below the last is `E`.
 *
 * @public
 */
export const GRADE_THRESHOLDS: ReadonlyArray<[QualityMetrics['grade'], number]> = [
  ['A', 85],
  ['B', 70],
  ['C', 55],
  ['D', 40],
];

/**
 * The grade of a 0-100 score.
 *
 * @public
 */
export function gradeOf(score: number): QualityMetrics['grade'] {
  return GRADE_THRESHOLDS.find(([, min]) => score >= min)?.[0] ?? 'E';
}
