export { DatabasePluginUniverse } from './DatabasePluginUniverse';
