import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory, coreServices } from '@backstage/backend-plugin-api';
import request from 'supertest';
import { marketplacePlugin } from './plugin';
import { databases, eachStorage, storageFeatures } from './__testUtils__/storage';

const expectedDialect: Record<string, string> = {
  SQLITE_3: 'sqlite3',
  POSTGRES_15: 'postgresql',
};

describe('marketplace backend plugin', () => {
  it.each(eachStorage())(
    'reports healthy on %s with the %s cache, without credentials',
    async (databaseId, cacheId) => {
      const { server } = await startTestBackend({
        features: [marketplacePlugin, ...(await storageFeatures(databaseId, cacheId))],
      });

      const res = await request(server)
        .get('/api/marketplace/health')
        .set('Authorization', 'Bearer mock-none-token');

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        database: {
          status: 'ok',
          kind: expectedDialect[databaseId],
          latencyMs: expect.any(Number),
        },
        cache: {
          status: 'ok',
          kind: cacheId === 'REDIS_7' ? 'redis' : 'memory',
          latencyMs: expect.any(Number),
        },
      });
    },
  );

  it('answers 503 naming the cache when the cache fails', async () => {
    const { server } = await startTestBackend({
      features: [
        marketplacePlugin,
        mockServices.cache.mock({
          set: jest.fn().mockRejectedValue(new Error('connection refused')),
        }).factory,
      ],
    });

    const res = await request(server).get('/api/marketplace/health');

    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'Unhealthy: cache: connection refused',
    });
  });

  it('answers 503 naming the database when it cannot be reached', async () => {
    let databaseDown = false;
    const { server } = await startTestBackend({
      features: [
        marketplacePlugin,
        createServiceFactory({
          service: coreServices.database,
          deps: {},
          factory: async () => {
            const knex = await databases.init('SQLITE_3');
            await knex.migrate.latest({ directory: `${__dirname}/../migrations` });
            // Up at start-up, gone afterwards.
            const getClient = jest.fn(async () => {
              if (databaseDown) throw new Error('ECONNREFUSED 127.0.0.1:5432');
              return knex;
            });
            return { getClient, migrations: { skip: true } };
          },
        }),
      ],
    });

    databaseDown = true;
    const res = await request(server).get('/api/marketplace/health');

    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'Unhealthy: database: ECONNREFUSED 127.0.0.1:5432',
    );
  });
});
