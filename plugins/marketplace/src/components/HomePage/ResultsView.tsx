import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { PluginSummary } from '@internal/backstage-plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import { useCallback, useMemo } from 'react';
import { marketplaceApiRef } from '../../api';
import { filterLabel } from './facetDefinitions';
import { FilterSidebar } from './FilterSidebar';
import { PluginResultsList } from './PluginResultsList';
import { ResultsToolbar } from './ResultsToolbar';
import {
  activeFilterCount,
  LIST_FILTERS,
  SearchState,
  toSearchRequest,
  VALUE_FILTERS,
} from './searchState';
import { PAGE_SIZE, useSearchResults } from './useSearchResults';

function ActiveFilters(props: { state: SearchState; onChange: (patch: Partial<SearchState>) => void }) {
  const { state, onChange } = props;
  const chips = [
    ...LIST_FILTERS.flatMap(name =>
      state.lists[name].map(value => ({
        key: `${name}:${value}`,
        label: filterLabel(name, value),
        remove: () => onChange({ lists: { ...state.lists, [name]: state.lists[name].filter(v => v !== value) } }),
      })),
    ),
    ...VALUE_FILTERS.filter(name => state.values[name]).map(name => ({
      key: name,
      label: filterLabel(name, state.values[name]!),
      remove: () => onChange({ values: { ...state.values, [name]: undefined } }),
    })),
  ];
  if (chips.length === 0) return null;
  return (
    <div aria-label="Active filters" role="group" style={{ marginBottom: 8 }}>
      {chips.map(chip => (
        <Chip key={chip.key} label={chip.label} onDelete={chip.remove} size="small" style={{ margin: 2 }} />
      ))}
    </div>
  );
}

/** Search results: filters on the left, the toolbar and the virtualized results on the right. */
export const ResultsView = (props: {
  state: SearchState;
  appVersion?: string;
  onChange: (patch: Partial<SearchState>, options?: { replace?: boolean }) => void;
}) => {
  const { state, appVersion, onChange } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const request = useMemo(() => toSearchRequest(state, appVersion), [state, appVersion]);
  const results = useSearchResults(request, state.page);

  const loadMore = useCallback(() => {
    // One page at a time: ask for the next only once every page asked for is in.
    const allIn = results.items.length >= state.page * PAGE_SIZE;
    if (allIn && !results.loadingMore && results.hasMore) onChange({ page: state.page + 1 }, { replace: true });
  }, [onChange, results.hasMore, results.loadingMore, results.items.length, state.page]);

  const onOpen = useCallback(
    (plugin: PluginSummary) => {
      if (state.q) {
        // Feeds trending and recommendations; losing one click is harmless.
        marketplaceApi.recordEvent({ pluginId: plugin.id, type: 'search-click' }).catch(() => {});
      }
    },
    [marketplaceApi, state.q],
  );

  const clearFilters = () =>
    onChange({
      lists: Object.fromEntries(LIST_FILTERS.map(name => [name, []])) as unknown as SearchState['lists'],
      values: {},
    });

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={3}>
        <FilterSidebar facets={results.facets} state={state} onChange={onChange} />
      </Grid>
      <Grid item xs={12} md={9}>
        <ResultsToolbar
          totalCount={results.loading ? undefined : results.totalCount}
          hasQuery={Boolean(state.q)}
          sort={state.sort}
          view={state.view}
          filterCount={activeFilterCount(state)}
          onSort={sort => onChange({ sort })}
          onView={view => onChange({ view }, { replace: true })}
          onClearFilters={clearFilters}
        />
        <ActiveFilters state={state} onChange={onChange} />
        {results.loading && <Progress />}
        {results.error && <ResponseErrorPanel error={results.error} />}
        {!results.loading && !results.error && results.items.length === 0 && (
          <EmptyState
            missing="data"
            title={state.q ? `No plugin matches “${state.q}”` : 'No plugin matches these filters'}
            description="Try other words, fewer filters, or browse by category."
            action={
              activeFilterCount(state) > 0 ? (
                <Button variant="contained" color="primary" onClick={clearFilters}>
                  Clear filters
                </Button>
              ) : undefined
            }
          />
        )}
        {results.items.length > 0 && (
          <PluginResultsList
            items={results.items}
            totalCount={results.totalCount}
            view={state.view}
            appVersion={appVersion}
            hasMore={results.hasMore}
            onLoadMore={loadMore}
            onOpen={onOpen}
          />
        )}
        {results.loadingMore && <LinearProgress aria-label="Loading more plugins" />}
      </Grid>
    </Grid>
  );
};
