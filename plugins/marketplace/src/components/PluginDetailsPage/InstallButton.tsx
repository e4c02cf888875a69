import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import {
  marketplacePluginInstallPermission,
  PluginDetails,
} from '@internal/backstage-plugin-marketplace-common';
import { usePermission } from '@backstage/plugin-permission-react';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { installWizardRouteRef } from '../../routes';

/**
 * "Install", shown only to users the permission policy lets install this
 * plugin, and not for a plugin that is already installed; it opens the
 * install wizard.
 */
export const InstallButton = (props: { plugin: PluginDetails }) => {
  const { plugin } = props;
  const wizardLink = useRouteRef(installWizardRouteRef);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { allowed } = usePermission({
    permission: marketplacePluginInstallPermission,
    resourceRef: plugin.id,
  });
  const wizard = wizardLink?.({ pluginId: plugin.id });
  // Links from before the wizard (`?install=1`) still lead to installing.
  const legacyInstallLink = params.get('install') === '1';
  useEffect(() => {
    if (legacyInstallLink && wizard && !plugin.installed) navigate(wizard, { replace: true });
  }, [legacyInstallLink, wizard, plugin.installed, navigate]);

  if (!allowed || plugin.installed || !wizard) return null;
  return (
    <LinkButton variant="contained" color="primary" startIcon={<GetAppIcon />} to={wizard}>
      Install
    </LinkButton>
  );
};
