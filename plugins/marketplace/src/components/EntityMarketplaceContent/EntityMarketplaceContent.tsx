import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { PluginDetailsContent } from '../PluginDetailsPage';
import {
  ANNOTATION_PLUGIN_ID,
  explicitMarketplaceId,
  isMarketplacePluginEntity,
  marketplaceIdOfEntity,
  packageRefsOf,
} from './marketplaceIdOfEntity';

/**
 * The Marketplace tab of a catalog Plugin entity: the marketplace's details of
 * the plugin the entity describes.
 */
export const EntityMarketplaceContent = () => {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const readable = isMarketplacePluginEntity(entity);
  const { value: pluginId, loading, error } = useAsync(async () => {
    if (!readable) return undefined;
    const explicit = explicitMarketplaceId(entity);
    if (explicit) return explicit;
    const refs = packageRefsOf(entity);
    const { items } = refs.length
      ? await catalogApi.getEntitiesByRefs({ entityRefs: refs })
      : { items: [] };
    return marketplaceIdOfEntity(entity, items.flatMap(item => (item ? [item] : [])));
  }, [catalogApi, entity, readable]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!readable) {
    return (
      <EmptyState
        missing="info"
        title="Not a marketplace plugin"
        description={`The marketplace reads Plugin entities of apiVersion marketplace.backstage.io/v1alpha1 or extensions.backstage.io/v1alpha1; this one is ${entity.apiVersion}.`}
      />
    );
  }
  if (!pluginId) {
    return (
      <EmptyState
        missing="field"
        title="Not linked to a marketplace plugin"
        description={`This entity lists no npm packages, so the marketplace cannot tell which plugin it is. List its packages under spec.packages, or set the ${ANNOTATION_PLUGIN_ID} annotation.`}
      />
    );
  }
  return <PluginDetailsContent pluginId={pluginId} />;
};
