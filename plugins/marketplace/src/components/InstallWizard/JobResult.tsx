import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/frontend-plugin-api';
import { InstallJob, MARKETPLACE_PLUGIN_ID, PluginDetails } from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { RestartBackend } from './RestartBackend';

/** Routes a sandboxed plugin serves under the backend, from its specification. */
export function runtimeRoutes(plugin?: PluginDetails): string[] {
  return (plugin?.spec.provides ?? [])
    .filter(c => c.type === 'route' && c.id.startsWith('/api/'))
    .map(c => c.id);
}

/**
 * Calls a runtime route with the user's token and shows what it answered,
 * which proves a sandboxed plugin is live.
 */
const TryRoute = (props: { route: string }) => {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [answer, setAnswer] = useState<string>();
  const call = async () => {
    setAnswer('Calling…');
    try {
      const base = await discoveryApi.getBaseUrl(MARKETPLACE_PLUGIN_ID);
      const origin = base.replace(/\/api\/[^/]+\/?$/, '');
      const response = await fetchApi.fetch(`${origin}${props.route}`);
      setAnswer(`${response.status}: ${(await response.text()).slice(0, 500)}`);
    } catch (error) {
      setAnswer(`Failed: ${(error as Error).message}`);
    }
  };
  return (
    <Box mt={1}>
      <Button size="small" variant="outlined" onClick={call}>
        Call {props.route}
      </Button>
      {answer && (
        <Typography variant="body2" component="pre" role="status" aria-label={`Answer of ${props.route}`}>
          {answer}
        </Typography>
      )}
    </Box>
  );
};

/** What a finished job left, and what to do now. */
export const JobResult = (props: { job: InstallJob; plugin?: PluginDetails }) => {
  const { job, plugin } = props;
  const name = plugin?.id === job.pluginId ? plugin.name : job.pluginId;
  if (job.state === 'cancelled') {
    return (
      <Alert severity="info">
        Cancelled{job.rolledBack ? '; what it had done was undone' : ''}. Retry to run it again.
      </Alert>
    );
  }
  if (job.state !== 'done') return null;
  const status = job.result?.status;
  const message = job.result?.message;
  if (status === 'pending-restart') {
    return (
      <Alert severity="warning">
        <Typography variant="body2">{message ?? `${name} is installed and waits for a backend restart.`}</Typography>
        <Box mt={1}>
          <RestartBackend />
        </Box>
      </Alert>
    );
  }
  if (status === 'pending-rebuild') {
    return (
      <Alert severity="warning">
        {message ?? `${name} is installed; the app must be rebuilt and deployed to show it.`}
      </Alert>
    );
  }
  if (status === 'removed') {
    // Backend and frontend packages leave the running app at its next restart.
    const restart = job.target === 'backend' || job.target === 'frontend';
    return (
      <Alert severity="success">
        <Typography variant="body2">{message ?? `${name} was removed.`}</Typography>
        {restart && (
          <Box mt={1}>
            <RestartBackend />
          </Box>
        )}
      </Alert>
    );
  }
  const routes = job.target === 'sandbox' && plugin?.id === job.pluginId ? runtimeRoutes(plugin) : [];
  return (
    <Alert severity="success">
      <Typography variant="body2">
        {job.target === 'sandbox' ? `${name} is live now. ` : ''}
        {message ?? `${name} is installed.`}
      </Typography>
      {routes.map(route => (
        <TryRoute key={route} route={route} />
      ))}
    </Alert>
  );
};
