import {
  FacetCount,
  RankedIds,
  SearchFilters,
  SearchQuery,
  SearchResult,
  Suggestion,
} from '../types';

/**
 * The plugins passing a set of filters, and the facet counts a search with
 * those filters and no text shows.
 *
 * @public
 */
export interface FilteredPlugins {
  /** Their ids, in no particular order; undefined when every plugin passes. */
  ids?: string[];
  facets: Record<string, FacetCount[]>;
}

/**
 * Full-text search over the registry's listings: ranked, filtered and
 * faceted results, suggestions while typing, and ranked ids for hybrid
 * ranking.
 *
 * @public
 */
export interface TextSearchIndex {
  /**
   * One page of a `text` mode search. Ranks name matches over tag and
   * category matches over description matches over README matches, and
   * tolerates typos in names; a text of several words needs most of them
   * (all of one or two). With no text, relevance is popularity. Facets count
   * over the matches that pass every other filter (see `computeFacets`).
   * Bad input is an InputError naming the field.
   */
  search(query: SearchQuery): Promise<SearchResult>;

  /**
   * Plugins, tags and categories for what has been typed so far, best first:
   * a whole label, then a label's start, then a later word's start, then
   * (from three letters on) typo matches. `limit` defaults to 8.
   */
  autocomplete(prefix: string, limit?: number): Promise<Suggestion[]>;

  /**
   * Every plugin passing the filters, with the facets of a search without
   * text: what semantic and hybrid search rank among. Bad filters are an
   * InputError naming the field.
   */
  filtered(filters: SearchFilters): Promise<FilteredPlugins>;

  /**
   * The ids matching a text, best first, with the relevance `search` gives
   * them; plugins holding only some of the words are ranked too. With
   * `among`, only those plugins are ranked (what hybrid search re-ranks).
   */
  rankText(text: string, limit: number, filters?: SearchFilters, among?: string[]): Promise<RankedIds>;
}
