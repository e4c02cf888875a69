import { Content, LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { Suggestion } from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { useNavigate } from 'react-router-dom';
import { installedRouteRef, pluginDetailsRouteRef } from '../../routes';
import { useAppEnvironment } from '../../hooks/useAppEnvironment';
import { DiscoverySections } from './DiscoverySections';
import { ResultsView } from './ResultsView';
import { SearchBar } from './SearchBar';
import { showsResults } from './searchState';
import { useSearchState } from './useSearchState';

/**
 * The marketplace home, `/marketplace`: a search box with suggestions; without
 * a search, trending, popular and recommended plugins and the categories; with
 * one, filterable results. Everything a user would bookmark is in the URL.
 */
export const HomePage = () => {
  const [state, update] = useSearchState();
  const { backstageVersion } = useAppEnvironment();
  const navigate = useNavigate();
  const detailsLink = useRouteRef(pluginDetailsRouteRef);
  const installedLink = useRouteRef(installedRouteRef);

  const onSuggestion = (suggestion: Suggestion) => {
    if (suggestion.kind === 'plugin' && detailsLink) {
      navigate(detailsLink({ pluginId: suggestion.value }));
    } else if (suggestion.kind === 'tag') {
      update({ q: '', lists: { ...state.lists, tag: [suggestion.value] } });
    } else if (suggestion.kind === 'category') {
      update({ q: '', lists: { ...state.lists, category: [suggestion.value] } });
    }
  };

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Box display="flex" gridGap={16} alignItems="center">
            <Box flex={1}>
              <SearchBar
                value={state.q}
                // Typing replaces the history entry; Enter and suggestions add one.
                onSearch={(q, final) => update({ q }, { replace: !final })}
                onSuggestion={onSuggestion}
              />
            </Box>
            {!showsResults(state) && (
              <Button variant="outlined" color="primary" onClick={() => update({ browse: true })}>
                Browse all plugins
              </Button>
            )}
            {installedLink && (
              <LinkButton to={installedLink()} variant="outlined">
                Installed
              </LinkButton>
            )}
          </Box>
        </Grid>
        <Grid item xs={12}>
          {showsResults(state) ? (
            <ResultsView state={state} appVersion={backstageVersion} onChange={update} />
          ) : (
            <DiscoverySections
              appVersion={backstageVersion}
              onSelectCategory={category => update({ lists: { ...state.lists, category: [category] } })}
            />
          )}
        </Grid>
      </Grid>
    </Content>
  );
};
