import { Content } from '@backstage/core-components';
import { useParams } from 'react-router-dom';
import { PluginDetailsContent } from './PluginDetailsContent';

/**
 * The page of one plugin, at `/plugins/:pluginId` under the marketplace.
 *
 * @public
 */
export const PluginDetailsPage = () => {
  const { pluginId = '' } = useParams();
  return (
    <Content>
      <PluginDetailsContent pluginId={pluginId} />
    </Content>
  );
};
