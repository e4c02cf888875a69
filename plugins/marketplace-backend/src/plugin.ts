import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  MARKETPLACE_PLUGIN_ID,
  marketplacePermissions,
} from '@internal/backstage-plugin-marketplace-common';
import {
  DefaultDependencyResolver,
  DynamicPluginsLoader,
  marketplaceDynamicPluginsExtensionPoint,
  marketplaceRegistryExtensionPoint,
  RegistrySource,
} from '@internal/backstage-plugin-marketplace-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createTrendingService,
  DatabaseDiscoveryStore,
  DefaultDiscoveryService,
} from './discovery';
import {
  createEmbeddingProvider,
  DatabaseEmbeddingStore,
  DefaultSemanticIndex,
  DefaultSemanticIndexer,
} from './search/semantic';
import { DefaultSearchService } from './search/DefaultSearchService';
import { DatabaseTextSearchIndex } from './search/text';
import { CachedRegistryReader } from './registry/CachedRegistryReader';
import { DatabaseRegistryStore } from './registry/DatabaseRegistryStore';
import { RegistryIngester } from './registry/RegistryIngester';
import { ScheduledRegistryRefresher } from './registry/RegistryRefresher';
import { DefaultRegistryService } from './registry/RegistryService';
import { createRouter } from './service/router';
import { createRuntimeRouter } from './service/runtimeRouter';
import { autostartPlugins, createPluginSandbox, readSandboxSettings } from './sandbox';
import { BundledSandboxPlugins } from './sources/firstParty/BundledSandboxPlugins';
import { createPlanningRouter } from './service/planningRouter';
import { DatabasePluginUniverse } from './planning';
import { createConfigurationRouter } from './service/configurationRouter';
import { createConfiguration } from './configuration';
import { createInstallEngine, DefaultBulkUpdateService, DefaultInstallExporter, DefaultInstallService, supervisedRestart } from './install';
import { createInstallRouter } from './service/installRouter';
import { DefaultHealthService } from './services/HealthService';
import { readAppEnvironment } from './services/appEnvironment';
import { builtInSources } from './sources/builtInSources';

/**
 * The marketplace backend plugin, serving `/api/marketplace`.
 *
 * @public
 */
export const marketplacePlugin = createBackendPlugin({
  pluginId: MARKETPLACE_PLUGIN_ID,
  register(env) {
    const extraSources: RegistrySource[] = [];
    env.registerExtensionPoint(marketplaceRegistryExtensionPoint, {
      addSource(source) {
        extraSources.push(source);
      },
    });
    // Set by marketplaceModuleDynamicPlugins in apps that load dynamic plugins.
    let dynamicPlugins: DynamicPluginsLoader | undefined;
    env.registerExtensionPoint(marketplaceDynamicPluginsExtensionPoint, {
      setLoader(loader) {
        dynamicPlugins = loader;
      },
    });

    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        cache: coreServices.cache,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        lifecycle: coreServices.lifecycle,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        auditor: coreServices.auditor,
      },
      async init(deps) {
        const { httpRouter, database, cache, config, logger, scheduler } = deps;
        deps.permissionsRegistry.addPermissions(marketplacePermissions);

        const environment = await readAppEnvironment({ config, logger });
        const store = await DatabaseRegistryStore.create({ database });
        const reader = CachedRegistryReader.create({ store, cache });
        const registry = DefaultRegistryService.create({ store, reader });
        const embeddingStore = await DatabaseEmbeddingStore.create({ database });
        const embeddingProvider = createEmbeddingProvider({ config });
        const semanticIndexer = DefaultSemanticIndexer.create({
          store: embeddingStore,
          provider: embeddingProvider,
          logger,
        });
        const semanticIndex = DefaultSemanticIndex.create({
          store: embeddingStore,
          provider: embeddingProvider,
          logger,
        });
        // Loading 100k vectors takes seconds: do it here, not in the first search after.
        const refreshEmbeddings = () =>
          semanticIndexer
            .refresh()
            .then(() => semanticIndex.warm())
            .catch(error => logger.warn(`Semantic index refresh failed: ${error}`));

        const ingester = RegistryIngester.create({
          store,
          logger,
          onChange: async () => {
            await reader.invalidate();
            // Not awaited: an embeddings endpoint that is down must not fail the source run.
            refreshEmbeddings();
          },
        });

        const discoveryStore = await DatabaseDiscoveryStore.create({ database });
        const discovery = DefaultDiscoveryService.create({
          store: discoveryStore,
          trending: await createTrendingService({
            config,
            store: discoveryStore,
            logger,
            lifecycle: deps.lifecycle,
            keyPrefix: config.getOptionalString('marketplace.trending.redisKeyPrefix'),
          }),
          logger,
          similar: (id, limit) => semanticIndex.similar(id, limit),
        });

        const sources = [
          ...builtInSources({ config, logger, catalog: deps.catalog, auth: deps.auth }),
          ...extraSources.map(source => ({ source, frequencyMinutes: 60 })),
        ];
        for (const { source, frequencyMinutes } of sources) {
          await scheduler.scheduleTask({
            id: ScheduledRegistryRefresher.taskId(source.id),
            frequency: { minutes: frequencyMinutes },
            timeout: { minutes: 15 },
            initialDelay: { seconds: 1 },
            fn: async signal => {
              await ingester.run(source, { signal: signal as AbortSignal });
            },
          });
        }

        // Catches up on refreshes missed while an embeddings endpoint was down.
        await scheduler.scheduleTask({
          id: 'marketplace-semantic-index',
          frequency: { minutes: 15 },
          timeout: { minutes: 15 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            await refreshEmbeddings();
          },
        });

        // Every replica loads what is stored when it starts; refreshes keep it current.
        deps.lifecycle.addStartupHook(() => {
          semanticIndex.warm().catch(error => logger.warn(`Semantic index could not be loaded: ${error}`));
        });

        httpRouter.use(
          await createRouter({
            health: DefaultHealthService.create({ database, cache, config }),
            environment,
            registry,
            discovery,
            search: DefaultSearchService.create({
              text: await DatabaseTextSearchIndex.create({
                database,
                backstageVersion: environment.backstageVersion,
              }),
              semantic: semanticIndex,
              summaries: ids => store.getSummaries(ids),
            }),
            refresher: ScheduledRegistryRefresher.create({
              scheduler,
              sourceIds: sources.map(s => s.source.id),
            }),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );
        const configuration = await createConfiguration({
          config,
          database,
          logger,
          scheduler,
          registry,
          backstageVersion: environment.backstageVersion,
        });
        httpRouter.use(
          await createConfigurationRouter({
            ...configuration,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
        const universe = await DatabasePluginUniverse.create({
          database,
          backstageVersion: environment.backstageVersion,
        });
        const resolver = DefaultDependencyResolver.create({ universe });
        httpRouter.use(
          await createPlanningRouter({
            resolver,
            universe,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );
        // Sandboxed plugins: runtime routes under /runtime; the bundled examples start if configured.
        const sandbox = await createPluginSandbox({ ...deps, config, logger, database, scheduler });
        const bundledSandboxPlugins = BundledSandboxPlugins.fromDirectory();
        httpRouter.use(
          await createRuntimeRouter({
            sandbox,
            definitions: bundledSandboxPlugins,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );
        deps.lifecycle.addStartupHook(() =>
          autostartPlugins({
            sandbox,
            ids: readSandboxSettings(config).autostart,
            lookup: bundledSandboxPlugins,
            logger,
          }),
        );
        // The install engine: jobs run by a reconciler on every replica; routes under /install.
        const getSpec = async (pluginId: string) => (await registry.getPlugin(pluginId)).spec;
        const restart = supervisedRestart(logger);
        const installEngine = await createInstallEngine({
          config,
          database,
          logger,
          scheduler,
          lifecycle: deps.lifecycle,
          getSpec,
          configuration,
          sandbox,
          sandboxDefinitions: bundledSandboxPlugins,
          dynamicPlugins,
          restart,
        });
        const install = DefaultInstallService.create({ ...installEngine, resolver, universe, generator: configuration.generator, getSpec });
        httpRouter.use(
          await createInstallRouter({
            install,
            updates: DefaultBulkUpdateService.create({ install, resolver, universe }),
            exporter: DefaultInstallExporter.create({
              resolver,
              generator: configuration.generator,
              getSpec,
              rootDir: config.getOptionalString('marketplace.install.export.rootDirectory'),
            }),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            restart,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
