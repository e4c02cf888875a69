export { DefaultDependencyResolver } from './DefaultDependencyResolver';
export { HttpPluginUniverse } from './HttpPluginUniverse';
export { InMemoryPluginUniverse } from './InMemoryPluginUniverse';
export { dependencyResolverServiceRef } from './dependencyResolverServiceRef';
export type {
  DependencyResolver,
  InstalledVersion,
  PluginUniverse,
  UniverseDependency,
  UniversePlugin,
  UniverseVersion,
} from './types';
