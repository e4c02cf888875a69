import { useApi } from '@backstage/frontend-plugin-api';
import { FacetCount, SearchHit } from '@internal/backstage-plugin-marketplace-common';
import { useEffect, useRef, useState } from 'react';
import { marketplaceApiRef, SearchPluginsRequest } from '../../api';

/** Results per request; a grid row holds up to four cards, so pages end on full rows. */
export const PAGE_SIZE = 48;

export interface SearchResultsState {
  items: SearchHit[];
  totalCount: number;
  facets: Record<string, FacetCount[]>;
  /** Whether more results exist beyond those loaded. */
  hasMore: boolean;
  /** The first page is loading: nothing to show yet. */
  loading: boolean;
  /** A further page is loading. */
  loadingMore: boolean;
  error?: Error;
}

const EMPTY: SearchResultsState = {
  items: [],
  totalCount: 0,
  facets: {},
  hasMore: false,
  loading: true,
  loadingMore: false,
};

/**
 * Runs a search and follows its cursor until `pages` pages are loaded (infinite
 * scroll asks for one more page at a time; a restored URL asks for all at once).
 * A new request starts over; answers to superseded requests are dropped.
 */
export function useSearchResults(
  request: Omit<SearchPluginsRequest, 'cursor' | 'limit'>,
  pages: number,
): SearchResultsState {
  const marketplaceApi = useApi(marketplaceApiRef);
  const key = JSON.stringify(request);
  const [state, setState] = useState<SearchResultsState>(EMPTY);
  const progress = useRef<{ key: string; loaded: number; cursor?: string; busy: boolean }>({
    key: '',
    loaded: 0,
    busy: false,
  });

  useEffect(() => {
    let current = progress.current;
    if (current.key !== key) {
      current = { key, loaded: 0, busy: false };
      progress.current = current;
      setState(EMPTY);
    }
    if (current.busy || current.loaded >= pages || (current.loaded > 0 && !current.cursor)) {
      return;
    }
    current.busy = true;
    const first = current.loaded === 0;
    if (!first) setState(s => ({ ...s, loadingMore: true }));
    marketplaceApi
      .searchPlugins({ ...(JSON.parse(key) as SearchPluginsRequest), limit: PAGE_SIZE, cursor: current.cursor })
      .then(
        result => {
          if (progress.current !== current) return;
          current.loaded += 1;
          current.cursor = result.nextCursor;
          current.busy = false;
          setState(s => ({
            items: first ? result.items : [...s.items, ...result.items],
            totalCount: result.totalCount,
            facets: result.facets,
            hasMore: Boolean(result.nextCursor),
            loading: false,
            loadingMore: false,
          }));
        },
        error => {
          if (progress.current !== current) return;
          current.busy = false;
          // Stop following the cursor: scrolling on would only repeat the failure.
          current.cursor = undefined;
          setState(s => ({ ...s, loading: false, loadingMore: false, hasMore: false, error }));
        },
      );
    // `state` is a dependency so that the next page is fetched once this one is in.
  }, [marketplaceApi, key, pages, state.items.length, state.error]);

  return state;
}
