import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  InstallJob,
  InstalledPlugin,
  marketplacePluginInstallPermission,
  PlannedUpdate,
} from '@internal/backstage-plugin-marketplace-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { marketplaceApiRef } from '../../api';
import { installWizardRouteRef } from '../../routes';
import { RemoveDialog } from './RemoveDialog';

/** An update the plan offers: from → to, whether it breaks, and why not newer. */
export const UpdateSummary = (props: { update?: PlannedUpdate }) => {
  const { update } = props;
  if (!update) return <>Up to date</>;
  return (
    <>
      {update.from} → {update.to}{' '}
      {update.breaking && <Chip size="small" color="secondary" label="breaking" />}
      {update.heldBackBy && (
        <Typography variant="caption" display="block">
          Not newer: {update.heldBackBy}
        </Typography>
      )}
    </>
  );
};

/**
 * Update and Remove for one installed plugin, for users who may install it.
 * Update starts the install of the planned version and opens its progress.
 */
export const PluginActions = (props: {
  plugin: InstalledPlugin;
  update?: PlannedUpdate;
  onChanged: (job: InstallJob) => void;
}) => {
  const { plugin, update, onChanged } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const wizardLink = useRouteRef(installWizardRouteRef);
  const navigate = useNavigate();
  const permission = usePermission({ permission: marketplacePluginInstallPermission, resourceRef: plugin.pluginId });
  const [removing, setRemoving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  if (permission.loading || !permission.allowed) return null;
  const busyStatus = plugin.status === 'installing' || plugin.status === 'uninstalling';

  const startUpdate = async (to: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await marketplaceApi.install({ plugins: [{ pluginId: plugin.pluginId, version: to }] });
      const job = response.jobs.find(j => j.pluginId === plugin.pluginId) ?? response.jobs[0];
      if (job) onChanged(job);
      if (job && wizardLink) navigate(`${wizardLink({ pluginId: plugin.pluginId })}?job=${encodeURIComponent(job.id)}`);
      else setBusy(false);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };

  return (
    <>
      {update && (
        <Button
          size="small"
          variant="outlined"
          color="primary"
          disabled={busy || busyStatus}
          onClick={() => startUpdate(update.to)}
          aria-label={`Update ${plugin.pluginId} to ${update.to}${update.breaking ? ' (breaking)' : ''}`}
        >
          Update
        </Button>
      )}{' '}
      <Button
        size="small"
        variant="outlined"
        disabled={busy || busyStatus}
        onClick={() => setRemoving(true)}
        aria-label={`Remove ${plugin.pluginId}`}
      >
        Remove
      </Button>
      {error && (
        <Typography variant="caption" color="error" display="block" role="alert">
          {error.message}
        </Typography>
      )}
      {removing && (
        <RemoveDialog
          pluginId={plugin.pluginId}
          onClose={() => setRemoving(false)}
          onRemoved={job => {
            setRemoving(false);
            onChanged(job);
          }}
        />
      )}
    </>
  );
};
