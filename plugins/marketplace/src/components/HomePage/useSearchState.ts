import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseSearchState, SearchState, toSearchParams } from './searchState';

/**
 * The marketplace search state, read from and written to the URL. Changes that
 * pick new results reset infinite scroll to its first page.
 */
export function useSearchState(): [
  SearchState,
  (patch: Partial<SearchState>, options?: { replace?: boolean }) => void,
] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSearchState(params), [params]);
  const update = useCallback(
    (patch: Partial<SearchState>, options?: { replace?: boolean }) => {
      setParams(
        current => {
          const previous = parseSearchState(current);
          const next: SearchState = { ...previous, ...patch };
          // Only scrolling on asks for more pages; anything else starts over.
          if (!('page' in patch) && !('view' in patch)) next.page = 1;
          return toSearchParams(next);
        },
        { replace: options?.replace },
      );
    },
    [setParams],
  );
  return [state, update];
}
