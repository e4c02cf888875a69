import { SearchSort } from '@internal/backstage-plugin-marketplace-common';
import { SearchPluginsRequest } from '../../api';

/** How results are laid out. */
export type ResultsView = 'grid' | 'list' | 'detailed';

/** The list filters, by URL parameter; each matches any of its values. */
export const LIST_FILTERS = ['category', 'role', 'source', 'license', 'author', 'tag'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

/** The single-valued filters, by URL parameter. */
export const VALUE_FILTERS = ['installed', 'compatible', 'updatedWithinDays', 'minQuality', 'minDownloads'] as const;
export type ValueFilter = (typeof VALUE_FILTERS)[number];

/**
 * Everything a user would bookmark about a marketplace search; it lives in the
 * URL, so reload, back and a shared link all show the same results.
 */
export interface SearchState {
  q: string;
  lists: Record<ListFilter, string[]>;
  values: Partial<Record<ValueFilter, string>>;
  sort?: SearchSort;
  view: ResultsView;
  /** Pages of results loaded (infinite scroll), at least 1. */
  page: number;
  /** Browsing everything, without a query or filter. */
  browse: boolean;
}

const SORTS: SearchSort[] = ['relevance', 'popularity', 'updated', 'name', 'quality'];
const VIEWS: ResultsView[] = ['grid', 'list', 'detailed'];
const MAX_PAGES = 50;

/** Reads the state from URL parameters; unknown or malformed values fall back to defaults. */
export function parseSearchState(params: URLSearchParams): SearchState {
  const lists = Object.fromEntries(
    LIST_FILTERS.map(name => [name, params.getAll(name).filter(Boolean)]),
  ) as Record<ListFilter, string[]>;
  const values: Partial<Record<ValueFilter, string>> = {};
  for (const name of VALUE_FILTERS) {
    const value = params.get(name);
    if (value) values[name] = value;
  }
  const sort = params.get('sort') as SearchSort | null;
  const view = params.get('view') as ResultsView | null;
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? '',
    lists,
    values,
    sort: sort && SORTS.includes(sort) ? sort : undefined,
    view: view && VIEWS.includes(view) ? view : 'grid',
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGES) : 1,
    browse: params.get('browse') === '1',
  };
}

/** Writes the state as URL parameters, leaving defaults out so URLs stay short. */
export function toSearchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const name of LIST_FILTERS) {
    for (const value of state.lists[name]) params.append(name, value);
  }
  for (const name of VALUE_FILTERS) {
    const value = state.values[name];
    if (value) params.set(name, value);
  }
  if (state.sort) params.set('sort', state.sort);
  if (state.view !== 'grid') params.set('view', state.view);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.browse) params.set('browse', '1');
  return params;
}

/** How many filters are set. */
export function activeFilterCount(state: SearchState): number {
  return (
    LIST_FILTERS.reduce((n, name) => n + state.lists[name].length, 0) +
    VALUE_FILTERS.filter(name => state.values[name]).length
  );
}

/** Whether results are shown (a query, a filter, or browsing), rather than the discovery home. */
export function showsResults(state: SearchState): boolean {
  return Boolean(state.q) || state.browse || activeFilterCount(state) > 0;
}

/** The search request for the state; `compatible` needs the app's release to mean anything. */
export function toSearchRequest(
  state: SearchState,
  appVersion: string | undefined,
): Omit<SearchPluginsRequest, 'cursor' | 'limit'> {
  const number = (value: string | undefined) =>
    value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
  const { values, lists } = state;
  return {
    q: state.q || undefined,
    sort: state.sort,
    category: lists.category,
    role: lists.role,
    source: lists.source,
    license: lists.license,
    author: lists.author,
    tag: lists.tag,
    installed: values.installed === undefined ? undefined : values.installed === 'true',
    compatibleWith: values.compatible === 'true' ? appVersion : undefined,
    updatedWithinDays: number(values.updatedWithinDays),
    minQuality: number(values.minQuality),
    minDownloads: number(values.minDownloads),
  };
}
