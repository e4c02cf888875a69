import { Progress, StructuredMetadataTable } from '@backstage/core-components';
import {
  ConfigPreview,
  InstallPlan,
  marketplacePluginInstallPermission,
  PluginDetails,
} from '@internal/backstage-plugin-marketplace-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { parseUnifiedDiff } from '../common/DiffView';

const useStyles = makeStyles(theme => ({
  actions: { marginTop: theme.spacing(3) },
  note: { marginTop: theme.spacing(1) },
}));

function configSummary(hasConfig: boolean, preview: ConfigPreview | undefined): string {
  if (!hasConfig) return 'None needed';
  if (!preview) return 'Not previewed yet';
  const lines = parseUnifiedDiff(preview.diff);
  const added = lines.filter(l => l.kind === 'added').length;
  const removed = lines.filter(l => l.kind === 'removed').length;
  const validity = preview.validation.valid ? 'valid' : 'has problems';
  return added + removed === 0
    ? `No change to the managed config (${validity})`
    : `${added} line${added === 1 ? '' : 's'} added and ${removed} removed in the managed config (${validity})`;
}

/**
 * The summary of everything chosen, and the hand-over to the install engine:
 * Install starts the jobs (the wizard then follows them). Users who may not
 * install the plugin are told so instead of seeing the button.
 */
export const ConfirmStep = (props: {
  plugin: PluginDetails;
  version: string;
  plan?: InstallPlan;
  hasConfig: boolean;
  preview?: ConfigPreview;
  /** Starts the install; rejects with the backend's reason. */
  onInstall: () => Promise<void>;
}) => {
  const { plugin, version, plan, hasConfig, preview, onInstall } = props;
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<Error>();
  const install = async () => {
    setStarting(true);
    setError(undefined);
    try {
      await onInstall();
    } catch (e) {
      setError(e as Error);
      setStarting(false);
    }
  };
  const classes = useStyles();
  const permission = usePermission({
    permission: marketplacePluginInstallPermission,
    resourceRef: plugin.id,
  });
  const others = plan?.plugins.filter(p => p.reason === 'dependency') ?? [];
  const metadata: Record<string, string> = {
    Plugin: plugin.name,
    Version: version,
    'Also installed': others.length ? others.map(p => `${p.name} ${p.version}`).join(', ') : 'Nothing else',
    'npm packages': plan ? String(plan.packages.length) : 'Unknown until the plan loads',
    Configuration: configSummary(hasConfig, preview),
    Restart: plugin.spec.installation.requiresRestart ? 'The backend must restart after installing' : 'Not needed',
  };
  const noteId = 'marketplace-install-note';
  const blocked = plan !== undefined && !plan.ok;
  return (
    <>
      <StructuredMetadataTable metadata={metadata} />
      <div className={classes.actions}>
        {permission.loading && <Progress />}
        {!permission.loading && !permission.allowed && (
          <Alert severity="warning">
            You are not allowed to install {plugin.name}. A platform admin can install it with this plan.
          </Alert>
        )}
        {!permission.loading && permission.allowed && (
          <>
            <Button
              variant="contained"
              color="primary"
              startIcon={<GetAppIcon />}
              disabled={starting || blocked || !plan}
              onClick={install}
              aria-describedby={noteId}
            >
              Install {plugin.name} {version}
            </Button>
            <Typography id={noteId} variant="body2" className={classes.note}>
              {starting
                ? 'Starting the install…'
                : 'Installs the plan and configuration above; you can follow each step and cancel while it runs.'}
            </Typography>
            {error && (
              <Alert severity="error" className={classes.note}>
                The install did not start: {error.message}
              </Alert>
            )}
          </>
        )}
      </div>
    </>
  );
};
