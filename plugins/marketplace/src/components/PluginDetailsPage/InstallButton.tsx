import { Table, TableColumn } from '@backstage/core-components';
import {
  marketplacePluginInstallPermission,
  PluginDetails,
  PluginPackageRef,
} from '@internal/backstage-plugin-marketplace-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useSearchParams } from 'react-router-dom';
import { roleTitle } from '../common/format';

const METHODS: Record<PluginDetails['spec']['installation']['method'], string> = {
  npm: 'its npm packages are added to this app',
  sandbox: "its bundle runs in the backend's sandbox, with only the permissions it asks for",
  manual: 'it is installed by hand, following the steps below',
};

const columns: TableColumn<PluginPackageRef>[] = [
  { title: 'Package', field: 'name' },
  { title: 'Role', field: 'role', render: row => roleTitle(row.role) },
  { title: 'Version', field: 'version' },
];

/**
 * What installing the plugin would do. The install wizard does not exist yet,
 * so this only explains; it never claims that anything was installed.
 */
const InstallPreviewDialog = (props: {
  plugin: PluginDetails;
  open: boolean;
  onClose: () => void;
}) => {
  const { plugin, open, onClose } = props;
  const { installation } = plugin.spec;
  const titleId = 'marketplace-install-preview-title';
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={titleId} maxWidth="md" fullWidth>
      <DialogTitle id={titleId}>Install {plugin.name}</DialogTitle>
      <DialogContent>
        <Typography paragraph>
          Installing from the marketplace is not available yet; nothing has been installed. This is
          what an installation of version {plugin.version} would involve: {METHODS[installation.method]}.
        </Typography>
        <Table<PluginPackageRef>
          title="Packages"
          columns={columns}
          data={installation.packages.map(p => ({ ...p, version: p.version ?? plugin.version }))}
          options={{ paging: false, search: false, toolbar: true, padding: 'dense', draggable: false }}
        />
        {installation.requiresRestart && (
          <Typography paragraph>The backend must restart before the plugin works.</Typography>
        )}
        {installation.steps && installation.steps.length > 0 && (
          <>
            <Typography variant="h6" component="h3">
              Manual steps
            </Typography>
            <ol>
              {installation.steps.map(step => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * "Install", shown only to users the permission policy lets install this
 * plugin, and not for a plugin that is already installed.
 */
export const InstallButton = (props: { plugin: PluginDetails }) => {
  const { plugin } = props;
  // The dialog is part of the URL (`?install=1`), so the Install quick action
  // of a plugin card opens it directly and Back closes it.
  const [params, setParams] = useSearchParams();
  const open = params.get('install') === '1';
  const setOpen = (value: boolean) =>
    setParams(current => {
      const next = new URLSearchParams(current);
      if (value) next.set('install', '1');
      else next.delete('install');
      return next;
    });
  const { allowed } = usePermission({
    permission: marketplacePluginInstallPermission,
    resourceRef: plugin.id,
  });
  if (!allowed || plugin.installed) return null;
  return (
    <>
      <Button
        variant="contained"
        color="primary"
        startIcon={<GetAppIcon />}
        onClick={() => setOpen(true)}
      >
        Install
      </Button>
      <InstallPreviewDialog plugin={plugin} open={open} onClose={() => setOpen(false)} />
    </>
  );
};
