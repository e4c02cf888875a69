import { createRouteRef, createSubRouteRef } from '@backstage/frontend-plugin-api';

/** The marketplace home: search, browse and discovery. */
export const rootRouteRef = createRouteRef();

/** One plugin's details. */
export const pluginDetailsRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/plugins/:pluginId',
});

/** The plugins installed in this app. */
export const installedRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/installed',
});

/** The install wizard of one plugin; the step is in the `step` query parameter. */
export const installWizardRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/plugins/:pluginId/install',
});

/** Platform admins' editor of the managed app-config: raw YAML, per-plugin forms, history. */
export const configAdminRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/admin/config',
});
