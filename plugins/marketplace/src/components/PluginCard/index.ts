export { PluginCard } from './PluginCard';
export type { PluginCardProps, PluginCardVariant } from './PluginCard';
