import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of marketplace plugins, for conditional policies.
 *
 * @public
 */
export const MARKETPLACE_PLUGIN_RESOURCE_TYPE = 'marketplace-plugin';

/**
 * Seeing a plugin in the marketplace: lists, details, versions, docs.
 *
 * @public
 */
export const marketplacePluginReadPermission = createPermission({
  name: 'marketplace.plugin.read',
  attributes: { action: 'read' },
  resourceType: MARKETPLACE_PLUGIN_RESOURCE_TYPE,
});

/**
 * Installing, updating and removing plugins.
 *
 * @public
 */
export const marketplacePluginInstallPermission = createPermission({
  name: 'marketplace.plugin.install',
  attributes: { action: 'create' },
  resourceType: MARKETPLACE_PLUGIN_RESOURCE_TYPE,
});

/**
 * Changing the configuration of installed plugins.
 *
 * @public
 */
export const marketplaceConfigurePermission = createPermission({
  name: 'marketplace.plugin.configure',
  attributes: { action: 'update' },
  resourceType: MARKETPLACE_PLUGIN_RESOURCE_TYPE,
});

/**
 * Administering the marketplace: sources, refreshes, restarts.
 *
 * @public
 */
export const marketplaceAdminPermission = createPermission({
  name: 'marketplace.admin',
  attributes: {},
});

/**
 * Every marketplace permission.
 *
 * @public
 */
export const marketplacePermissions = [
  marketplacePluginReadPermission,
  marketplacePluginInstallPermission,
  marketplaceConfigurePermission,
  marketplaceAdminPermission,
];
