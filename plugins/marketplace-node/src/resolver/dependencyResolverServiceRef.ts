import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultDependencyResolver } from './DefaultDependencyResolver';
import { HttpPluginUniverse } from './HttpPluginUniverse';
import { DependencyResolver } from './types';

/**
 * The marketplace's dependency resolver for other backend plugins. The
 * default reads the marketplace's plugins, installations and Backstage
 * release over its REST API with the plugin's own service credentials.
 *
 * @public
 */
export const dependencyResolverServiceRef = createServiceRef<DependencyResolver>({
  id: 'marketplace.dependency-resolver',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) =>
        DefaultDependencyResolver.create({
          universe: HttpPluginUniverse.create({ discovery, auth }),
        }),
    }),
});
