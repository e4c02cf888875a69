import { LoggerService } from '@backstage/backend-plugin-api';
import { createClient, RedisClientType } from '@redis/client';

/**
 * Counts uses of something in fixed windows and says when a limit is passed.
 */
export interface RateLimiter {
  /**
   * Counts one use of `key` in the current window of `windowMs`; false when
   * that use is past `limit` (it is counted all the same).
   */
  take(key: string, limit: number, windowMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Counters in this process: each replica counts on its own. A window starts
 * with the first use of its key.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  static create(): MemoryRateLimiter {
    return new MemoryRateLimiter();
  }

  private constructor() {}

  async take(key: string, limit: number, windowMs: number): Promise<boolean> {
    const now = Date.now();
    const entry = this.windows.get(key);
    if (!entry || now - entry.start >= windowMs) {
      if (this.windows.size > 10_000) this.sweep(now, windowMs);
      this.windows.set(key, { start: now, count: 1 });
      return limit >= 1;
    }
    entry.count += 1;
    return entry.count <= limit;
  }

  async close(): Promise<void> {}

  private sweep(now: number, windowMs: number) {
    for (const [key, entry] of this.windows) {
      if (now - entry.start >= windowMs) this.windows.delete(key);
    }
  }
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Counters in Redis, so every replica counts against the same limit: INCR on
 * one key per limit, which expires a window after its first use (PEXPIRE NX).
 * While Redis does not answer, counts fall back to this process's memory and
 * a warning is logged once.
 */
export class RedisRateLimiter implements RateLimiter {
  private warned = false;

  private constructor(
    private readonly client: RedisClientType,
    private readonly prefix: string,
    private readonly fallback: MemoryRateLimiter,
    private readonly logger: LoggerService,
  ) {}

  static async create(options: {
    /** A Redis URL, as in `backend.cache.connection`. */
    connection: string;
    logger: LoggerService;
    /** Default `marketplace:sandbox:rate:`. */
    keyPrefix?: string;
    /** How long to wait for Redis at start; default 5 seconds. */
    connectTimeoutMs?: number;
  }): Promise<RedisRateLimiter> {
    const client: RedisClientType = createClient({
      url: options.connection,
      // Fail commands at once while disconnected, so that counting falls back instead of waiting.
      disableOfflineQueue: true,
    });
    const limiter = new RedisRateLimiter(
      client,
      options.keyPrefix ?? 'marketplace:sandbox:rate:',
      MemoryRateLimiter.create(),
      options.logger,
    );
    client.on('error', error => limiter.warn(error));
    const connected = client.connect().then(
      () => true,
      () => false,
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      connected,
      new Promise(resolve => {
        timer = setTimeout(resolve, options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    return limiter;
  }

  async take(key: string, limit: number, windowMs: number): Promise<boolean> {
    const redisKey = `${this.prefix}${key}`;
    try {
      if (!this.client.isReady) throw new Error('not connected');
      const [count] = (await this.client
        .multi()
        .incr(redisKey)
        .pExpire(redisKey, windowMs, 'NX')
        .exec()) as unknown as [number, unknown];
      this.warned = false;
      return Number(count) <= limit;
    } catch (error) {
      this.warn(error);
      return this.fallback.take(key, limit, windowMs);
    }
  }

  async close(): Promise<void> {
    if (this.client.isReady) {
      await this.client.quit().catch(() => undefined);
    } else if (this.client.isOpen) {
      await this.client.disconnect().catch(() => undefined);
    }
  }

  private warn(error: unknown) {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(`Sandbox rate limits count in memory: Redis failed: ${error}`);
  }
}
