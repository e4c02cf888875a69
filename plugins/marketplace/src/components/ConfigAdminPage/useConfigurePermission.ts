import { useApi } from '@backstage/frontend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { marketplaceConfigurePermission } from '@internal/backstage-plugin-marketplace-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * Whether the user may edit the managed config at all. The permission is a
 * resource permission (per plugin), but the managed file is shared by every
 * plugin, so the page asks the policy without a resource: only an
 * unconditional allow opens it. `usePermission` cannot ask that way (it
 * denies a resource permission without a resourceRef).
 */
export function useConfigurePermission(): { loading: boolean; allowed: boolean; error?: Error } {
  const permissionApi = useApi(permissionApiRef);
  const { value, loading, error } = useAsync(
    () => permissionApi.authorize({ permission: marketplaceConfigurePermission }),
    [permissionApi],
  );
  return { loading, allowed: value?.result === AuthorizeResult.ALLOW, error };
}
