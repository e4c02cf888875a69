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
