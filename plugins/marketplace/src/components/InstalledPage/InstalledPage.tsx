import {
  Content,
  EmptyState,
  InfoCard,
  Link,
  LinkButton,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  InstalledPlugin,
  MarketplaceDependencyHealth,
} from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';
import { configAdminRouteRef, pluginDetailsRouteRef, rootRouteRef } from '../../routes';
import { useConfigAccess } from '../ConfigAdminPage/useConfigAccess';

function describe(dependency: MarketplaceDependencyHealth) {
  return dependency.status === 'ok'
    ? `${dependency.kind}, ok in ${dependency.latencyMs} ms`
    : `unreachable: ${dependency.message}`;
}

/** An install status in words and colour. */
export const InstallStatus = (props: { status: string }) => {
  const { status } = props;
  if (status === 'installed' || status === 'active' || status === 'running') return <StatusOK>{status}</StatusOK>;
  if (status === 'failed' || status === 'error') return <StatusError>{status}</StatusError>;
  if (status === 'pending-restart') return <StatusWarning>waiting for a restart</StatusWarning>;
  return <StatusPending>{status}</StatusPending>;
};

function BackendHealth() {
  const marketplaceApi = useApi(marketplaceApiRef);
  const health = useAsync(() => marketplaceApi.getHealth(), [marketplaceApi]);
  return (
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
  );
}

/** The way to the managed-config editor, for those who may use it. */
function ManagedConfigLink() {
  const configLink = useRouteRef(configAdminRouteRef);
  const { allowed } = useConfigAccess();
  if (!allowed || !configLink) return null;
  return (
    <Box mt={3}>
      <InfoCard title="Configuration">
        <LinkButton variant="outlined" color="primary" to={configLink()}>
          Managed configuration
        </LinkButton>
      </InfoCard>
    </Box>
  );
}

/**
 * The plugins installed in this app: versions, available updates and health,
 * with the marketplace backend's own health beside them.
 */
export const InstalledPage = () => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const detailsLink = useRouteRef(pluginDetailsRouteRef);
  const homeLink = useRouteRef(rootRouteRef);
  const { value, loading, error } = useAsync(() => marketplaceApi.listInstalled(), [marketplaceApi]);

  const columns: TableColumn<InstalledPlugin>[] = [
    {
      title: 'Plugin',
      field: 'pluginId',
      highlight: true,
      render: row =>
        detailsLink ? <Link to={detailsLink({ pluginId: row.pluginId })}>{row.pluginId}</Link> : row.pluginId,
    },
    { title: 'Version', field: 'version' },
    {
      title: 'Update',
      field: 'latestVersion',
      render: row =>
        row.updateAvailable ? <StatusWarning>{row.latestVersion} available</StatusWarning> : 'Up to date',
    },
    { title: 'Status', field: 'status', render: row => <InstallStatus status={row.status} /> },
    { title: 'Installed', field: 'installedAt', render: row => new Date(row.installedAt).toLocaleString() },
    { title: 'By', field: 'installedBy' },
  ];

  const updates = value?.filter(p => p.updateAvailable).length ?? 0;
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={9}>
          {loading && <Progress />}
          {error && <ResponseErrorPanel error={error} />}
          {value && value.length === 0 && (
            <EmptyState
              missing="content"
              title="No plugins installed from the marketplace yet"
              description="Find a plugin in the marketplace and install it; it will show up here with its version, updates and health."
              action={
                homeLink && (
                  <LinkButton variant="contained" color="primary" to={homeLink()}>
                    Browse the marketplace
                  </LinkButton>
                )
              }
            />
          )}
          {value && value.length > 0 && (
            <Table
              title="Installed plugins"
              subtitle={updates ? `${updates} update${updates === 1 ? '' : 's'} available` : 'Everything is up to date'}
              columns={columns}
              data={value}
              options={{ paging: value.length > 20, pageSize: 20, padding: 'dense' }}
            />
          )}
        </Grid>
        <Grid item xs={12} md={3}>
          <BackendHealth />
          <ManagedConfigLink />
        </Grid>
      </Grid>
    </Content>
  );
};
