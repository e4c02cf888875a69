import { QualityMetrics } from '@internal/backstage-plugin-marketplace-common';

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
 * Scores a plugin 0-100 from what is known about it.
 * (Being written: the helper that owns this file replaces the body.)
 *
 * @public
 */
export function computeQuality(input: QualityInput): QualityMetrics {
  return {
    score: 0,
    grade: 'E',
    signals: {},
    computedAt: (input.now ?? new Date()).toISOString(),
  };
}
