import { Progress, StructuredMetadataTable } from '@backstage/core-components';
import {
  ConfigPreview,
  InstallExport,
  InstallPlan,
  marketplacePluginInstallPermission,
  PluginDetails,
} from '@internal/backstage-plugin-marketplace-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { parseUnifiedDiff } from '../common/DiffView';
import { ExportChangeDialog } from './ExportChangeDialog';
import { restartNote } from './restartNote';

const useStyles = makeStyles(theme => ({
  actions: { marginTop: theme.spacing(3) },
  buttons: { display: 'flex', gap: theme.spacing(2), flexWrap: 'wrap' },
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
 * install the plugin are told so instead of seeing the button. Export as
 * change gives the same install as a patch to review, for teams that deploy
 * from git; reading the plugin is permission enough for it.
 */
export const ConfirmStep = (props: {
  plugin: PluginDetails;
  version: string;
  plan?: InstallPlan;
  hasConfig: boolean;
  preview?: ConfigPreview;
  /** Starts the install; rejects with the backend's reason. */
  onInstall: () => Promise<void>;
  /** The same install as a change to review; installs nothing. */
  onExport: () => Promise<InstallExport>;
}) => {
  const { plugin, version, plan, hasConfig, preview, onInstall, onExport } = props;
  const [starting, setStarting] = useState(false);
  const [exporting, setExporting] = useState(false);
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
    Restart: restartNote(plugin.spec.installation).needed ? restartNote(plugin.spec.installation).sentence : 'Not needed',
  };
  const noteId = 'marketplace-install-note';
  const exportNoteId = 'marketplace-export-note';
  const blocked = plan !== undefined && !plan.ok;
  const exportButton = (
    <Button
      variant="outlined"
      startIcon={<CallSplitIcon />}
      disabled={blocked || !plan}
      onClick={() => setExporting(true)}
      aria-describedby={exportNoteId}
    >
      Export as change
    </Button>
  );
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
        {!permission.loading && !permission.allowed && <div className={classes.note}>{exportButton}</div>}
        {!permission.loading && permission.allowed && (
          <>
            <div className={classes.buttons}>
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
              {exportButton}
            </div>
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
        <Typography id={exportNoteId} variant="body2" className={classes.note}>
          Export as change gives a patch of package.json, the backend and app-config.yaml to review and merge, for
          teams that deploy from git; it installs nothing.
        </Typography>
      </div>
      <ExportChangeDialog
        open={exporting}
        pluginId={plugin.id}
        label={`${plugin.name} ${version}`}
        load={onExport}
        onClose={() => setExporting(false)}
      />
    </>
  );
};
