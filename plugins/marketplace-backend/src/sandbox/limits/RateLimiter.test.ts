import { mockServices } from '@backstage/backend-test-utils';
import { randomUUID } from 'node:crypto';
import { caches } from '../../__testUtils__/storage';
import { MemoryRateLimiter, RedisRateLimiter } from './RateLimiter';

// Redis 7 when BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING names one (scripts/test.sh sets it).
const redisIds = caches.eachSupportedId().filter(([id]) => id === 'REDIS_7');

describe('MemoryRateLimiter', () => {
  it('allows the limit in each window and refuses the rest', async () => {
    const limiter = MemoryRateLimiter.create();
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.take('k', 3, 60_000));
    expect(results).toEqual([true, true, true, false, false]);
    expect(await limiter.take('other', 3, 60_000)).toBe(true);
  });

  it('starts a new window once the old one has passed', async () => {
    const limiter = MemoryRateLimiter.create();
    expect([await limiter.take('k', 1, 100), await limiter.take('k', 1, 100)]).toEqual([true, false]);
    await new Promise(r => setTimeout(r, 150));
    expect(await limiter.take('k', 1, 100)).toBe(true);
  });
});

for (const [redisId] of redisIds) describe(`RedisRateLimiter on ${redisId}`, () => {
  it('counts in Redis so that two replicas share one limit', async () => {
    const { connection: redisUrl } = await caches.init(redisId);
    const prefix = `test:${randomUUID()}:`;
    const logger = mockServices.logger.mock();
    const a = await RedisRateLimiter.create({ connection: redisUrl!, logger, keyPrefix: prefix });
    const b = await RedisRateLimiter.create({ connection: redisUrl!, logger, keyPrefix: prefix });
    try {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await a.take('api:p', 4, 60_000), await b.take('api:p', 4, 60_000));
      expect(results).toEqual([true, true, true, true, false, false]);
      // The window expires a window after its first use.
      expect(await a.take('api:q', 1, 100)).toBe(true);
      expect(await b.take('api:q', 1, 100)).toBe(false);
      await new Promise(r => setTimeout(r, 150));
      expect(await b.take('api:q', 1, 100)).toBe(true);
      expect(logger.warn).not.toHaveBeenCalled();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('RedisRateLimiter without Redis', () => {
  it('counts in memory and warns once when Redis does not answer', async () => {
    const logger = mockServices.logger.mock();
    const limiter = await RedisRateLimiter.create({ connection: 'redis://127.0.0.1:1', logger, connectTimeoutMs: 200 });
    try {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await limiter.take('k', 2, 60_000));
      expect(results).toEqual([true, true, false]);
      expect(logger.warn).toHaveBeenCalledTimes(1);
    } finally {
      await limiter.close();
    }
  });
});
