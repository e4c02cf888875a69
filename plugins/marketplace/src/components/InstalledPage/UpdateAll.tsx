import { useApi } from '@backstage/frontend-plugin-api';
import {
  BulkUpdateResponse,
  marketplacePluginInstallPermission,
  PlannedUpdate,
} from '@internal/backstage-plugin-marketplace-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';
import { JobLink } from './ActiveJobs';

/** Whether the user may install every one of these plugins (`ids`: plugin ids joined by commas). */
function useMayInstall(ids: string): boolean {
  const permissionApi = useApi(permissionApiRef);
  const { value } = useAsync(async () => {
    if (!ids) return false;
    const decisions = await Promise.all(
      ids.split(',').map(resourceRef => permissionApi.authorize({ permission: marketplacePluginInstallPermission, resourceRef })),
    );
    return decisions.every(d => d.result === AuthorizeResult.ALLOW);
  }, [permissionApi, ids]);
  return value === true;
}

function BulkUpdateResult(props: { result: BulkUpdateResponse }) {
  const { jobs, skipped } = props.result;
  return (
    <Alert severity={jobs.length ? 'info' : 'warning'}>
      {jobs.length === 0 && <Typography variant="body2">No update was started.</Typography>}
      {jobs.length > 0 && (
        <ul aria-label="Updates started">
          {jobs.map(job => (
            <li key={job.id}>
              <JobLink job={job} />
            </li>
          ))}
        </ul>
      )}
      {skipped.length > 0 && (
        <ul aria-label="Updates skipped">
          {skipped.map(s => (
            <li key={s.pluginId}>
              <Typography variant="body2" component="span">
                {s.pluginId}: {s.reason}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

/**
 * Update all: starts every update of the plan as one batch (breaking ones
 * are left for the user to take one by one), then lists the jobs it started,
 * each a link to its progress, and what it skipped and why. Shown when there
 * is an update and the user may install every plugin that has one.
 */
export const UpdateAll = (props: { updates: PlannedUpdate[]; onStarted: () => void }) => {
  const { updates, onStarted } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const allowed = useMayInstall(updates.map(u => u.pluginId).join(','));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkUpdateResponse>();
  const [error, setError] = useState<Error>();

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await marketplaceApi.updatePlugins());
      onStarted();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const breaking = updates.filter(u => u.breaking).length;
  if (!allowed && !result) return null;
  return (
    <Box mb={2}>
      {allowed && (
        <Box display="flex" alignItems="center">
          <Button variant="contained" color="primary" disabled={busy} onClick={start}>
            Update all
          </Button>
          {breaking > 0 && (
            <Box ml={2}>
              <Typography variant="body2">
                {breaking === 1 ? 'The breaking update is' : `The ${breaking} breaking updates are`} left for you to take one by one.
              </Typography>
            </Box>
          )}
        </Box>
      )}
      {error && (
        <Box mt={1}>
          <Alert severity="error">Not updated: {error.message}</Alert>
        </Box>
      )}
      {result && (
        <Box mt={1}>
          <BulkUpdateResult result={result} />
        </Box>
      )}
    </Box>
  );
};
