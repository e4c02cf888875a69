import { useApi } from '@backstage/frontend-plugin-api';
import { PluginDetails } from '@internal/backstage-plugin-marketplace-common';
import { useEffect, useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';

/** One plugin's details, loaded from the marketplace. */
export function usePluginDetails(pluginId: string) {
  const marketplaceApi = useApi(marketplaceApiRef);
  return useAsync(() => marketplaceApi.getPlugin(pluginId), [marketplaceApi, pluginId]);
}

/**
 * Records one `view` of the plugin once it has loaded. The ref keeps React's
 * development double-invocation of effects from counting a visit twice; a
 * failure is ignored because a lost view must not disturb the page.
 */
export function useRecordView(plugin: PluginDetails | undefined) {
  const marketplaceApi = useApi(marketplaceApiRef);
  const recorded = useRef<string>();
  const pluginId = plugin?.id;
  useEffect(() => {
    if (!pluginId || recorded.current === pluginId) return;
    recorded.current = pluginId;
    marketplaceApi.recordEvent({ pluginId, type: 'view' }).catch(() => {});
  }, [marketplaceApi, pluginId]);
}

/** Whether the backend answered 404 (a `ResponseError`) or the error is a `NotFoundError`. */
export function isNotFound(error: Error): boolean {
  return (
    (error as { statusCode?: number }).statusCode === 404 ||
    error.name === 'NotFoundError'
  );
}
