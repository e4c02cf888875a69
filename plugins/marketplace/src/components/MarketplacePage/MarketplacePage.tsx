import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { MarketplaceDependencyHealth } from '@internal/backstage-plugin-marketplace-common';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';
import { PluginTable } from './PluginTable';
import { SearchResults } from './SearchResults';
import TextField from '@material-ui/core/TextField';
import useDebounce from 'react-use/esm/useDebounce';

function describe(dependency: MarketplaceDependencyHealth) {
  return dependency.status === 'ok'
    ? `${dependency.kind}, ok in ${dependency.latencyMs} ms`
    : `unreachable: ${dependency.message}`;
}

const CategoryChips = (props: {
  selected?: string;
  onSelect: (category?: string) => void;
}) => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const { value, error } = useAsync(() => marketplaceApi.listCategories(), [
    marketplaceApi,
  ]);
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const total = value.reduce((sum, c) => sum + c.count, 0);
  return (
    <div role="group" aria-label="Categories">
      <Chip
        label={`All (${total})`}
        color={props.selected ? 'default' : 'primary'}
        onClick={() => props.onSelect(undefined)}
        style={{ margin: 4 }}
      />
      {value
        .filter(c => c.count > 0)
        .map(c => (
          <Chip
            key={c.id}
            label={`${c.title} (${c.count})`}
            title={c.description}
            color={props.selected === c.id ? 'primary' : 'default'}
            onClick={() => props.onSelect(c.id)}
            style={{ margin: 4 }}
          />
        ))}
    </div>
  );
};

/**
 * The marketplace home page.
 *
 * @public
 */
export const MarketplacePage = () => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const [category, setCategory] = useState<string | undefined>();
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  useDebounce(() => setQuery(input.trim()), 300, [input]);
  const health = useAsync(() => marketplaceApi.getHealth(), [marketplaceApi]);

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={9}>
          <TextField
            fullWidth
            variant="outlined"
            label="Search plugins"
            placeholder="What do you need? e.g. on-call incidents, cloud cost per team"
            value={input}
            onChange={event => setInput(event.target.value)}
            inputProps={{ 'aria-label': 'Search plugins' }}
          />
          <CategoryChips selected={category} onSelect={setCategory} />
        </Grid>
        <Grid item xs={12} md={3}>
          <InfoCard title="Marketplace backend" noPadding>
            {health.loading && <Progress />}
            {health.error && <ResponseErrorPanel error={health.error} />}
            {health.value && (
              <StructuredMetadataTable
                dense
                metadata={{
                  status: health.value.status,
                  database: describe(health.value.database),
                  cache: describe(health.value.cache),
                }}
              />
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          {query ? (
            <SearchResults query={query} category={category} />
          ) : (
            <PluginTable category={category} />
          )}
        </Grid>
      </Grid>
    </Content>
  );
};
