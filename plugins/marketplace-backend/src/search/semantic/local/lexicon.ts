import { DELIVERY_CONCEPTS } from './concepts/delivery';
import { OPERATIONS_CONCEPTS } from './concepts/operations';
import { PORTAL_CONCEPTS } from './concepts/portal';

/**
 * A concept of the Backstage and DevOps world, and the words, phrases and
 * product names that mean it.
 *
 * @public
 */
export interface Concept {
  id: string;
  /**
   * Lowercase words or space-separated phrases, in any inflection (they go
   * through the same stemmer as the text). A phrase is matched before its
   * words, so `pull request` is code review and not two loose words.
   */
  terms: string[];
  /** Broader concepts that a mention also points to, and how strongly (0–1). */
  related?: Record<string, number>;
}

/**
 * Bumped whenever {@link CONCEPTS} changes meaning, so that stored
 * embeddings are recomputed.
 *
 * @public
 */
export const LEXICON_VERSION = 1;

/**
 * The concepts the local embedding knows. Product names are mapped to what
 * the products do (PagerDuty is incident response, Kubecost is cloud cost), so
 * that a query in plain words finds a plugin that only names its product.
 * Written from domain knowledge; the benchmark's dev queries were only used
 * to drop a few ambiguous words. The order fixes each concept's dimension:
 * change it only with {@link LEXICON_VERSION}.
 *
 * @public
 */
export const CONCEPTS: readonly Concept[] = [
  ...OPERATIONS_CONCEPTS,
  ...DELIVERY_CONCEPTS,
  ...PORTAL_CONCEPTS,
];
