export { DefaultPluginSandbox, HOST_PERMISSIONS } from './DefaultPluginSandbox';
export { createPluginSandbox, pluginSandboxServiceFactory } from './createPluginSandbox';
export { sandboxActionName } from './SandboxSurface';
export { autostartPlugins } from './autostart';
export { readSandboxSettings } from './settings';
