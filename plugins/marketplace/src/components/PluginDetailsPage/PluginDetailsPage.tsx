import { Content } from '@backstage/core-components';
import { useParams } from 'react-router-dom';

/** One plugin's details (being built). */
export const PluginDetailsPage = () => {
  const { pluginId } = useParams();
  return <Content>{pluginId}</Content>;
};
