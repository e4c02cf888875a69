import { useApi } from '@backstage/frontend-plugin-api';
import { marketplaceAdminPermission, RestartStatus } from '@internal/backstage-plugin-marketplace-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';

/**
 * What finishes a backend plugin's install: a Restart button for admins, the
 * words to ask one for everyone else.
 *
 * @public
 */
export const RestartBackend = (props: {
  label?: string;
  /** The restart status when the page has it already; else the button asks for it. */
  status?: RestartStatus;
}) => {
  const { status } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const admin = usePermission({ permission: marketplaceAdminPermission });
  // With several replicas, each must restart (one at a time) to load it.
  const restartStatus = useAsync(
    async () => status ?? marketplaceApi.getRestartStatus().catch(() => undefined),
    [marketplaceApi, status],
  );
  const [state, setState] = useState<{ status: 'idle' | 'restarting' | 'asked' | 'back' } | { status: 'error'; error: Error }>({
    status: 'idle',
  });
  const replicas = restartStatus.value?.replicas.length ?? 1;

  if (admin.loading || restartStatus.loading) return null;
  if (!admin.allowed) {
    return (
      <Typography variant="body2">
        The backend must restart to load it. Ask a platform admin to restart the backend.
      </Typography>
    );
  }
  const restart = async () => {
    setState({ status: 'restarting' });
    try {
      if (replicas > 1) {
        await marketplaceApi.restartBackend({ replicas: 'all' });
        setState({ status: 'asked' });
        await waitUntilRolled(() => marketplaceApi.getRestartStatus());
      } else {
        await marketplaceApi.restartBackend();
        setState({ status: 'asked' });
        await waitUntilBack(() => marketplaceApi.getHealth());
      }
      setState({ status: 'back' });
    } catch (error) {
      setState({ status: 'error', error: error as Error });
    }
  };
  return (
    <>
      <Button variant="contained" color="primary" onClick={restart} disabled={state.status !== 'idle' && state.status !== 'error'}>
        {props.label ?? (replicas > 1 ? `Restart all ${replicas} backend replicas to finish` : 'Restart backend to finish')}
      </Button>
      {state.status === 'asked' && (
        <Typography variant="body2" role="status">
          {replicas > 1
            ? 'The backend replicas restart one at a time; plugins waiting for them load as each comes back.'
            : 'The backend is restarting; plugins waiting for it load when it is back.'}
        </Typography>
      )}
      {state.status === 'back' && (
        <Typography variant="body2" role="status">
          {replicas > 1 ? 'Every backend replica has restarted.' : 'The backend is back.'}{' '}
          <Button size="small" variant="outlined" onClick={() => window.location.reload()}>
            Reload the app
          </Button>{' '}
          to use what it loaded.
        </Typography>
      )}
      {state.status === 'error' && (
        <Alert severity="error">Could not restart the backend: {state.error.message}</Alert>
      )}
    </>
  );
};

/**
 * Resolves once a rolling restart has no replica left to restart (a replica
 * that is down meanwhile may fail a poll; the next one reaches another);
 * gives up after fifteen minutes.
 */
async function waitUntilRolled(status: () => Promise<RestartStatus>, intervalMs = 2000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 15 * 60_000) {
    await new Promise(resolve => setTimeout(resolve, intervalMs));
    try {
      if (!(await status()).rolling) return;
    } catch {
      // The replica that answered this poll is restarting.
    }
  }
  throw new Error('the replicas did not all restart within fifteen minutes');
}

/**
 * Resolves once the backend has gone away and answers again (or answers
 * after the time a shutdown takes, in case it was back before the first
 * check); gives up after five minutes.
 */
async function waitUntilBack(health: () => Promise<unknown>, intervalMs = 1000): Promise<void> {
  const started = Date.now();
  let wentAway = false;
  while (Date.now() - started < 5 * 60_000) {
    await new Promise(resolve => setTimeout(resolve, intervalMs));
    try {
      await health();
      if (wentAway || Date.now() - started > 15_000) return;
    } catch {
      wentAway = true;
    }
  }
  throw new Error('the backend did not answer within five minutes of the restart');
}
