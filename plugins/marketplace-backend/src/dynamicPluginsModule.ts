import { createBackendModule } from '@backstage/backend-plugin-api';
import { dynamicPluginsServiceRef } from '@backstage/backend-dynamic-feature-service';
import { MARKETPLACE_PLUGIN_ID } from '@internal/backstage-plugin-marketplace-common';
import { marketplaceDynamicPluginsExtensionPoint } from '@internal/backstage-plugin-marketplace-node';

/**
 * Tells the marketplace what the dynamic plugins loader loaded, so that a
 * backend plugin it installed is `installed` only once it really loaded and
 * `failed`, with the loader's error, when it did not.
 *
 * A module of its own because a plugin cannot depend on a service only when
 * it exists: add it beside `dynamicPluginsFeatureLoader`, which provides
 * `dynamicPluginsServiceRef`. Without it the marketplace goes by the files in
 * the dynamic plugins root.
 *
 * @public
 */
export const marketplaceModuleDynamicPlugins = createBackendModule({
  pluginId: MARKETPLACE_PLUGIN_ID,
  moduleId: 'dynamic-plugins',
  register(reg) {
    reg.registerInit({
      deps: {
        marketplace: marketplaceDynamicPluginsExtensionPoint,
        dynamicPlugins: dynamicPluginsServiceRef,
      },
      async init({ marketplace, dynamicPlugins }) {
        marketplace.setLoader(dynamicPlugins);
      },
    });
  },
});
