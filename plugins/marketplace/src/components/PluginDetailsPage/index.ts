export { PluginDetailsPage } from './PluginDetailsPage';
export { PluginDetailsContent } from './PluginDetailsContent';
