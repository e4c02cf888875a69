import { PluginSummary } from '@internal/backstage-plugin-marketplace-common';

/**
 * Filters of a marketplace search; each list matches any of its values, lists
 * combine with AND.
 *
 * @public
 */
export interface SearchFilters {
  categories?: string[];
  authors?: string[];
  tags?: string[];
  licenses?: string[];
  roles?: string[];
  sources?: string[];
  installed?: boolean;
  /** Only plugins whose backstageVersion range admits this app's Backstage version. */
  compatibleWith?: string;
  /** Released within the last N days. */
  updatedWithinDays?: number;
  minQuality?: number;
  minDownloads?: number;
}

/** @public */
export type SearchSort = 'relevance' | 'popularity' | 'updated' | 'name' | 'quality';

/** @public */
export type SearchMode = 'text' | 'semantic' | 'hybrid';

/** @public */
export interface SearchQuery {
  text?: string;
  filters: SearchFilters;
  sort: SearchSort;
  mode: SearchMode;
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/** @public */
export interface FacetCount {
  value: string;
  count: number;
}

/** @public */
export interface SearchHit extends PluginSummary {
  /** Relevance, higher is better; comparable within one result only. */
  score: number;
}

/** @public */
export interface SearchResult {
  items: SearchHit[];
  totalCount: number;
  /** Counts over the filtered result, per facet (categories, authors, tags, licenses, roles, sources, installed, compatible, updated, quality, popularity). */
  facets: Record<string, FacetCount[]>;
  nextCursor?: string;
}

/** @public */
export interface Suggestion {
  kind: 'plugin' | 'tag' | 'category';
  /** What to show. */
  label: string;
  /** What to search or open: a plugin id, tag or category id. */
  value: string;
}

/**
 * A ranked list of plugin ids for a text, from one retrieval method.
 *
 * @public
 */
export type RankedIds = Array<{ id: string; score: number }>;
