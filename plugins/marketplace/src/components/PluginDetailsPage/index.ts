export { PluginDetailsPage } from './PluginDetailsPage';
