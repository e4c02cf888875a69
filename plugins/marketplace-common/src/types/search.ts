import { PluginSummary } from './api';

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

/** @public */
export interface PluginChangelog {
  pluginId: string;
  /** `package`: the plugin's own CHANGELOG; `releases`: built from the list of releases. */
  origin: 'package' | 'releases';
  markdown: string;
}

/** @public */
export interface PluginDocumentation {
  pluginId: string;
  readme?: string;
  homepage?: string;
  repository?: string;
  bugs?: string;
}

/**
 * The time windows trending is offered over.
 *
 * @public
 */
export type TrendingRange = '24h' | '7d' | '30d';

/**
 * A plugin in a ranked discovery list.
 *
 * @public
 */
export interface RankedPlugin extends PluginSummary {
  /** Higher is better; comparable within one list only. */
  score: number;
}

/**
 * A plugin in the popular list.
 *
 * @public
 */
export interface PopularPlugin extends RankedPlugin {
  /** Users that have it installed, from install and uninstall events. */
  installs: number;
}

/**
 * A plugin recommended to a user, with why.
 *
 * @public
 */
export interface Recommendation extends RankedPlugin {
  /** One short sentence, e.g. "Installed together with Kubernetes by 4 teams". */
  reason: string;
}

