export { ConfigValidator, describeErrors } from './ConfigValidator';
export type { PluginConfigSchema } from './ConfigValidator';
export { DefaultConfigurationGenerator } from './ConfigurationGenerator';
export type { ConfigurationGenerator } from './ConfigurationGenerator';
export { DatabaseConfigRevisionStore } from './DatabaseConfigRevisionStore';
export { DefaultManagedConfigStore } from './ManagedConfigStore';
export type { ManagedConfigChange, ManagedConfigStore, SyncOutcome } from './ManagedConfigStore';
export { ManagedConfigFile, writeFileAtomic } from './ManagedConfigFile';
export { LiveConfigMonitor } from './liveApply';
export {
  createConfiguration,
  installedSchemas,
  MANAGED_CONFIG_FILE,
  resolveManagedConfigPath,
} from './createConfiguration';
