import { randomUUID } from 'node:crypto';
import { mockServices, TestCaches, TestDatabases } from '@backstage/backend-test-utils';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';

/**
 * The storage every backend suite runs on: the embedded default (SQLite,
 * memory cache) and the production pair (Postgres, Redis). Postgres and Redis
 * come from BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING and
 * BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING, which scripts/test.sh sets
 * after checking that the servers answer.
 */
export const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

export const caches = TestCaches.create({
  ids: ['MEMORY', 'REDIS_7'],
  disableDocker: true,
});

/** Every supported database paired with every supported cache. */
export function eachStorage(): Array<[string, string]> {
  return databases
    .eachSupportedId()
    .flatMap(([db]) => caches.eachSupportedId().map(([cache]) => [db, cache] as [string, string]));
}

/**
 * Backend features that give a test backend a real database and cache of the
 * given kinds.
 */
export async function storageFeatures(
  databaseId: string,
  cacheId: string,
) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const cache = await caches.init(cacheId as 'MEMORY');
  return [
    mockServices.database.factory({ knex }),
    mockServices.rootConfig.factory({
      data: {
        backend: { cache: { store: cache.store, connection: cache.connection } },
        // Apart from other test backends and from a running app on the same Redis.
        marketplace: { trending: { redisKeyPrefix: `marketplace-test:${randomUUID()}:trending:` } },
      },
    }),
    cacheServiceFactory,
  ];
}
