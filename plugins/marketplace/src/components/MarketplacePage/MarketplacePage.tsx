import {
  Content,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { MarketplaceDependencyHealth } from '@internal/backstage-plugin-marketplace-common';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';

function describe(dependency: MarketplaceDependencyHealth) {
  return dependency.status === 'ok'
    ? `${dependency.kind}, ok in ${dependency.latencyMs} ms`
    : `unreachable: ${dependency.message}`;
}

/**
 * The marketplace home page.
 *
 * @public
 */
export const MarketplacePage = () => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const { value, loading, error } = useAsync(
    () => marketplaceApi.getHealth(),
    [marketplaceApi],
  );

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={8}>
          <EmptyState
            missing="data"
            title="No plugins listed yet"
            description="Plugins from npm and from catalog-info.yaml files will be listed here once the registry has synced them."
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <InfoCard title="Marketplace backend">
            {loading && <Progress />}
            {error && <ResponseErrorPanel error={error} />}
            {value && (
              <StructuredMetadataTable
                metadata={{
                  status: value.status,
                  database: describe(value.database),
                  cache: describe(value.cache),
                }}
              />
            )}
          </InfoCard>
        </Grid>
      </Grid>
    </Content>
  );
};
