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
  SemanticIndexStatus,
} from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';
import { configAdminRouteRef, pluginDetailsRouteRef, rootRouteRef } from '../../routes';
import { useConfigAccess } from '../ConfigAdminPage/useConfigAccess';
import { RestartBackend } from '../InstallWizard/RestartBackend';
import { ActiveJobs } from './ActiveJobs';
import { PluginActions, UpdateSummary } from './PluginActions';
import { ReplicasPanel } from './ReplicasPanel';
import { UpdateAll } from './UpdateAll';

function describe(dependency: MarketplaceDependencyHealth) {
  return dependency.status === 'ok'
    ? `${dependency.kind}, ok in ${dependency.latencyMs} ms`
    : `unreachable: ${dependency.message}`;
}

function StatusChip(props: { status: string }) {
  const { status } = props;
  if (status === 'installed' || status === 'active' || status === 'running') return <StatusOK>{status}</StatusOK>;
  if (status === 'failed' || status === 'error') return <StatusError>{status}</StatusError>;
  if (status === 'pending-restart') return <StatusWarning>pending restart</StatusWarning>;
  if (status === 'pending-rebuild') return <StatusWarning>pending rebuild</StatusWarning>;
  return <StatusPending>{status}</StatusPending>;
}

/** An install status in words and colour, with why when the backend says (e.g. the error that kept it from loading). */
export const InstallStatus = (props: { status: string; message?: string }) => {
  const { status, message } = props;
  if (!message) return <StatusChip status={status} />;
  return (
    <>
      <StatusChip status={status} />
      <Typography variant="caption" color="textSecondary" component="div" style={{ whiteSpace: 'pre-line', wordBreak: 'break-word' }}>
        {message}
      </Typography>
    </>
  );
};

/** Whether search by meaning has embedded every plugin (it catches up in the background after each change). */
function describeSemantic(index: SemanticIndexStatus | undefined) {
  if (!index) return 'unknown';
  if (index.upToDate) return `up to date (${index.total} plugins)`;
  return `catching up: ${index.embedded} of ${index.total} plugins embedded`;
}

function BackendHealth() {
  const marketplaceApi = useApi(marketplaceApiRef);
  const health = useAsync(() => marketplaceApi.getHealth(), [marketplaceApi]);
  // Only adds a line: the card shows without it.
  const registry = useAsync(() => marketplaceApi.getRegistryStatus().catch(() => undefined), [marketplaceApi]);
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
            ...(registry.value ? { 'search by meaning': describeSemantic(registry.value.semanticIndex) } : {}),
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
 * with Update and Remove for each and Update all, the jobs in progress, a restart for admins
 * when plugins wait for one, and the marketplace backend's own health beside them.
 */
export const InstalledPage = () => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const detailsLink = useRouteRef(pluginDetailsRouteRef);
  const homeLink = useRouteRef(rootRouteRef);
  const [reload, setReload] = useState(0);
  const [watch, setWatch] = useState(0);
  const refresh = useCallback(() => setReload(r => r + 1), []);
  const { value, loading, error } = useAsync(() => marketplaceApi.listInstalled(), [marketplaceApi, reload]);
  // What the running backend does not serve yet (installs, updates and removals since it started).
  const restartStatus = useAsync(() => marketplaceApi.getRestartStatus(), [marketplaceApi, reload]);
  // Without an update plan the list still shows; the plan only adds Update.
  const updatePlan = useAsync(
    () => marketplaceApi.getUpdatePlan().catch(() => undefined),
    [marketplaceApi, reload],
  );
  const updateOf = (pluginId: string) => updatePlan.value?.updates.find(u => u.pluginId === pluginId);
  // With several replicas, each takes a backend or frontend plugin up when it restarts.
  const replicasLacking = (pluginId: string) => {
    const replicas = restartStatus.value?.replicas ?? [];
    const lacking = replicas.filter(r => r.behind.some(b => b.pluginId === pluginId)).length;
    return replicas.length > 1 && lacking > 0 ? `not yet on ${lacking} of ${replicas.length} replicas` : undefined;
  };
  const changed = () => {
    setWatch(w => w + 1);
    refresh();
  };

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
      render: row => {
        const update = updateOf(row.pluginId);
        if (update) return <UpdateSummary update={update} />;
        return row.updateAvailable ? <StatusWarning>{row.latestVersion} available</StatusWarning> : 'Up to date';
      },
    },
    {
      title: 'Status',
      field: 'status',
      render: row => <InstallStatus status={row.status} message={[row.statusMessage, replicasLacking(row.pluginId)].filter(Boolean).join('\n')} />,
    },
    { title: 'Installed', field: 'installedAt', render: row => new Date(row.installedAt).toLocaleString() },
    { title: 'By', field: 'installedBy' },
    {
      title: 'Actions',
      sorting: false,
      render: row => <PluginActions plugin={row} update={updateOf(row.pluginId)} onChanged={changed} />,
    },
  ];

  const updates = value?.filter(p => p.updateAvailable).length ?? 0;
  const waiting = restartStatus.value?.waiting ?? [];
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={9}>
          {waiting.length > 0 && (
            <Box mb={2}>
              <Alert severity="warning">
                <Typography variant="body2">
                  {waiting.length === 1 ? 'A change waits' : `${waiting.length} changes wait`} for a backend restart:
                </Typography>
                <ul aria-label="Waiting for a restart">
                  {waiting.map(w => (
                    <li key={w.pluginId}>
                      <Typography variant="body2">{w.message}</Typography>
                    </li>
                  ))}
                </ul>
                <Box mt={1}>
                  <RestartBackend status={restartStatus.value} />
                </Box>
              </Alert>
            </Box>
          )}
          {loading && !value && <Progress />}
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
          {value && value.length > 0 && <UpdateAll updates={updatePlan.value?.updates ?? []} onStarted={changed} />}
          {value && value.length > 0 && (
            <Table
              title="Installed plugins"
              subtitle={updates ? `${updates} update${updates === 1 ? '' : 's'} available` : 'Everything is up to date'}
              columns={columns}
              data={value}
              // Draggable headers put a button inside the sort button (axe: nested-interactive).
              options={{ paging: value.length > 20, pageSize: 20, padding: 'dense', draggable: false }}
            />
          )}
        </Grid>
        <Grid item xs={12} md={3}>
          <ActiveJobs watch={watch} onFinished={refresh} />
          <ReplicasPanel status={restartStatus.value} onChanged={refresh} />
          <Box mt={3}>
            <BackendHealth />
          </Box>
          <ManagedConfigLink />
        </Grid>
      </Grid>
    </Content>
  );
};
