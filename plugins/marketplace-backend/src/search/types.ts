export type {
  FacetCount,
  SearchFilters,
  SearchHit,
  SearchMode,
  SearchQuery,
  SearchResult,
  SearchSort,
  Suggestion,
} from '@internal/backstage-plugin-marketplace-common';

/**
 * A ranked list of plugin ids for a text, from one retrieval method.
 *
 * @public
 */
export type RankedIds = Array<{ id: string; score: number }>;
