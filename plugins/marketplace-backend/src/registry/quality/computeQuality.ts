import {
  GRADE_THRESHOLDS,
  gradeOf,
  QualityMetrics,
} from '@internal/backstage-plugin-marketplace-common';
import {
  configSchemaSignal,
  documentationSignal,
  licenseSignal,
  popularitySignal,
  recencySignal,
  repositorySignal,
  SignalResult,
  typesSignal,
} from './signals';

/**
 * What is known about a plugin when its quality is scored.
 *
 * @public
 */
export interface QualityInput {
  readme?: string;
  description?: string;
  license?: string;
  /** ISO date of the newest release. */
  publishedAt?: string;
  downloadsMonthly?: number;
  hasTypes?: boolean;
  hasConfigSchema?: boolean;
  repository?: string;
  /** The moment to score against (defaults to now); lets tests be exact. */
  now?: Date;
}

/**
 * The name of each signal and its share of the score; the shares sum to 1.
 * Documentation weighs most because it is what an adopter needs first;
 * recency and popularity say whether anyone maintains and uses the plugin;
 * the rest are cheap habits of a well-kept package.
 *
 * @public
 */
export const QUALITY_WEIGHTS = {
  documentation: 0.25,
  recency: 0.2,
  popularity: 0.2,
  license: 0.1,
  repository: 0.1,
  types: 0.08,
  configSchema: 0.07,
} as const;

export { GRADE_THRESHOLDS, gradeOf };

/**
 * Scores a plugin 0-100 from what is known about it: each signal scores 0-1,
 * the score is their weighted sum (weights in {@link QUALITY_WEIGHTS}) as a
 * whole number, and every signal says in a sentence why it scored as it did.
 * The same input and `now` always give the same result.
 *
 * @public
 */
export function computeQuality(input: QualityInput): QualityMetrics {
  const now = input.now ?? new Date();
  const results: Record<keyof typeof QUALITY_WEIGHTS, SignalResult> = {
    documentation: documentationSignal(input.readme, input.description),
    recency: recencySignal(input.publishedAt, now),
    popularity: popularitySignal(input.downloadsMonthly),
    license: licenseSignal(input.license),
    repository: repositorySignal(input.repository),
    types: typesSignal(input.hasTypes),
    configSchema: configSchemaSignal(input.hasConfigSchema),
  };

  const signals: QualityMetrics['signals'] = {};
  let total = 0;
  for (const [name, weight] of Object.entries(QUALITY_WEIGHTS)) {
    const result = results[name as keyof typeof QUALITY_WEIGHTS];
    signals[name] = { score: result.score, weight, detail: result.detail };
    total += weight * result.score;
  }
  // Rounded twice: first away the float noise of the sum (0.505 must not be
  // 0.50499…), then to a whole number.
  const score = Math.round(Math.round(total * 1e6) / 1e4);
  return { score, grade: gradeOf(score), signals, computedAt: now.toISOString() };
}
