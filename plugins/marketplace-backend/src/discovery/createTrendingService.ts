import {
  LifecycleService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { DiscoveryStore } from './DiscoveryStore';
import { RedisTrendingService } from './RedisTrendingService';
import { DatabaseTrendingService, TrendingService } from './TrendingService';

/**
 * The trending implementation the backend's configuration calls for: Redis
 * sorted sets when the backend cache is Redis (`backend.cache.store: redis`,
 * URL in `backend.cache.connection`), the database otherwise. With Redis, the
 * sets are filled from the stored events the first time, in the background,
 * and the connection closes when the plugin shuts down.
 *
 * @public
 */
export async function createTrendingService(options: {
  config: RootConfigService;
  store: DiscoveryStore;
  logger: LoggerService;
  lifecycle: LifecycleService;
  /** Namespace of the Redis keys; defaults to `marketplace:trending:`. */
  keyPrefix?: string;
}): Promise<TrendingService> {
  const { config, store, logger, lifecycle } = options;
  const database = DatabaseTrendingService.create({ store });
  const connection = config.getOptionalString('backend.cache.connection');
  if (config.getOptionalString('backend.cache.store') !== 'redis' || !connection) {
    return database;
  }

  const redis = await RedisTrendingService.create({
    connection,
    keyPrefix: options.keyPrefix,
    fallback: database,
    logger,
  });
  lifecycle.addShutdownHook(() => redis.close());
  redis.backfill(store).catch(error => {
    logger.warn(`Trending: could not fill Redis from the stored events: ${error}`);
  });
  return redis;
}
