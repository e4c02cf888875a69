import {
  coreServices,
  createServiceFactory,
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef, ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef, CatalogService } from '@backstage/plugin-catalog-node';
import { eventsServiceRef, EventsService } from '@backstage/plugin-events-node';
import { pluginSandboxServiceRef } from '@internal/backstage-plugin-marketplace-node';
import { DefaultPluginSandbox } from './DefaultPluginSandbox';
import { AddressGuard } from './fetch/addressGuard';
import { GuardedFetcher } from './fetch/GuardedFetcher';
import { HostBridge } from './HostBridge';
import { DatabaseSandboxKeyValueStore } from './kv/DatabaseSandboxKeyValueStore';
import { MemoryRateLimiter, RateLimiter, RedisRateLimiter } from './limits/RateLimiter';
import { DatabaseSandboxLogStore } from './logs/DatabaseSandboxLogStore';
import { SandboxLogs } from './logs/SandboxLogs';
import { readSandboxSettings } from './settings';

/**
 * Builds the sandbox of a plugin from its services and `marketplace.sandbox`
 * config: key-value store and logs in the plugin's database, API-call rate
 * counted in Redis when the backend cache is Redis (in memory otherwise),
 * logs older than the retention pruned daily, everything stopped on shutdown.
 *
 * @public
 */
export async function createPluginSandbox(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  catalog: CatalogService;
  events: EventsService;
  lifecycle: LifecycleService;
  scheduler?: SchedulerService;
  actionsRegistry?: ActionsRegistryService;
  /** For tests: how names resolve and connections open for `fetch`. */
  fetcher?: GuardedFetcher;
}): Promise<DefaultPluginSandbox> {
  const { config, logger, scheduler } = options;
  const settings = readSandboxSettings(config);
  const kv = await DatabaseSandboxKeyValueStore.create({ database: options.database });
  const logStore = await DatabaseSandboxLogStore.create({ database: options.database });
  const logs = SandboxLogs.create({ store: logStore, logger, ...settings.logs });

  let rateLimiter: RateLimiter = MemoryRateLimiter.create();
  const connection = config.getOptionalString('backend.cache.connection');
  if (config.getOptionalString('backend.cache.store') === 'redis' && connection) {
    rateLimiter = await RedisRateLimiter.create({ connection, logger });
  }
  const fetcher =
    options.fetcher ??
    GuardedFetcher.create({
      guard: AddressGuard.create(settings.fetch.allowAddresses),
      maxResponseBytes: settings.fetch.maxResponseBytes,
      maxRedirects: settings.fetch.maxRedirects,
    });

  const sandbox = DefaultPluginSandbox.create({
    settings,
    config,
    logger,
    logs,
    kv,
    events: options.events,
    scheduler,
    actionsRegistry: options.actionsRegistry,
    bridge: onViolation =>
      HostBridge.create({
        kv,
        logs,
        catalog: options.catalog,
        events: options.events,
        fetcher,
        rateLimiter,
        fetchTimeoutMs: settings.fetch.timeoutMs,
        onViolation,
      }),
    onClose: () => rateLimiter.close(),
  });

  await scheduler?.scheduleTask({
    id: 'marketplace-sandbox-log-retention',
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 5 },
    fn: async () => {
      const before = new Date(Date.now() - settings.logs.retentionDays * 24 * 3_600_000);
      const removed = await logStore.prune(before);
      if (removed) logger.info(`Removed ${removed} sandbox log lines older than ${settings.logs.retentionDays} days`);
    },
  });
  options.lifecycle.addShutdownHook(() => sandbox.close());
  return sandbox;
}

/**
 * Provides {@link @internal/backstage-plugin-marketplace-node#pluginSandboxServiceRef}
 * to a backend: `backend.add(pluginSandboxServiceFactory)`. Each plugin that
 * depends on it gets its own sandbox, with data in its own database.
 *
 * @public
 */
export const pluginSandboxServiceFactory = createServiceFactory({
  service: pluginSandboxServiceRef,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.logger,
    database: coreServices.database,
    lifecycle: coreServices.lifecycle,
    scheduler: coreServices.scheduler,
    catalog: catalogServiceRef,
    events: eventsServiceRef,
    actionsRegistry: actionsRegistryServiceRef,
  },
  factory: deps => createPluginSandbox(deps),
});
