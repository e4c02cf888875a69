import { LoggerService } from '@backstage/backend-plugin-api';
import { createClient, RedisClientType } from '@redis/client';
import { RankedIds } from '../search/types';
import {
  bucketOf,
  EVENT_WEIGHTS,
  roundScore,
  trendingWindow,
  windowBuckets,
} from './decay';
import { DiscoveryStore } from './DiscoveryStore';
import { TrendingService } from './TrendingService';
import { TRENDING_RANGES, TrendingRange, UsageEvent } from './types';

/** The default namespace of the sorted sets, apart from the cache service's keys. */
export const DEFAULT_TRENDING_KEY_PREFIX = 'marketplace:trending:';
const CONNECT_TIMEOUT_MS = 5_000;
const BACKFILL_PAGE = 1_000;

/**
 * Trending counted in Redis sorted sets as events happen, shared by every
 * replica. Per range there is one sorted set per time bucket
 * (`<prefix><range>:<bucket>`); an event of weight `w` at `t` adds
 * `w * exp(rate * (t - bucketStart))` to its plugin, so no stored number
 * grows beyond `w * 2^(1/6)`. A query sums the window's buckets with
 * ZUNION, weighting each by `exp(rate * (bucketStart - now))`, which makes
 * every event count exactly `w * exp(-rate * (now - t))`, as the database
 * implementation computes it. Buckets expire once no window reads them.
 *
 * The database stays the record: when Redis fails, queries fall back to it
 * and counting is skipped with a warning, and an empty Redis is refilled
 * from it by {@link RedisTrendingService.backfill}.
 *
 * @public
 */
export class RedisTrendingService implements TrendingService {
  private constructor(
    private readonly client: RedisClientType,
    private readonly prefix: string,
    private readonly fallback: TrendingService,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Connects to Redis. A server that does not answer within a few seconds
   * leaves the service running on the fallback until it does.
   */
  static async create(options: {
    /** A Redis URL, as in `backend.cache.connection`. */
    connection: string;
    /** Defaults to {@link DEFAULT_TRENDING_KEY_PREFIX}. */
    keyPrefix?: string;
    /** Answers queries while Redis cannot. */
    fallback: TrendingService;
    logger: LoggerService;
    /** How long to wait for Redis at start; default 5 seconds. */
    connectTimeoutMs?: number;
  }): Promise<RedisTrendingService> {
    const client: RedisClientType = createClient({
      url: options.connection,
      // Fail commands at once while disconnected, so that callers fall back instead of waiting.
      disableOfflineQueue: true,
    });
    // The client retries for ever; one warning per outage is enough.
    let failing = false;
    client.on('error', error => {
      if (!failing) options.logger.warn(`Trending: Redis connection error: ${error}`);
      failing = true;
    });
    client.on('ready', () => {
      if (failing) options.logger.info('Trending: Redis is back');
      failing = false;
    });
    const connected = client.connect().then(
      () => true,
      () => false,
    );
    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      connected,
      new Promise<false>(resolve => {
        timer = setTimeout(() => resolve(false), options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!ready) {
      options.logger.warn(
        'Trending: Redis did not answer; trending reads the database until it does',
      );
    }
    return new RedisTrendingService(
      client,
      options.keyPrefix ?? DEFAULT_TRENDING_KEY_PREFIX,
      options.fallback,
      options.logger,
    );
  }

  async count(event: UsageEvent & { at: Date }): Promise<void> {
    try {
      await this.countAll([event]);
    } catch (error) {
      this.logger.warn(`Trending: could not count an event in Redis: ${error}`);
    }
  }

  private async countAll(events: Array<UsageEvent & { at: Date }>) {
    const multi = this.client.multi();
    for (const event of events) {
      const t = event.at.getTime();
      for (const range of TRENDING_RANGES) {
        const window = trendingWindow(range);
        const bucket = bucketOf(window, t);
        const start = bucket * window.bucketMs;
        const key = this.key(range, bucket);
        multi.zIncrBy(
          key,
          EVENT_WEIGHTS[event.type] * Math.exp(window.rate * (t - start)),
          event.pluginId,
        );
        // The last query that reads this bucket runs just before `start + bucket + window`.
        multi.pExpireAt(key, start + 2 * window.bucketMs + window.windowMs);
      }
    }
    await multi.exec();
  }

  async scores(range: TrendingRange, now: Date): Promise<RankedIds> {
    const window = trendingWindow(range);
    const { first, last } = windowBuckets(window, now.getTime());
    const keys: string[] = [];
    const weights: number[] = [];
    for (let bucket = first; bucket <= last; bucket++) {
      keys.push(this.key(range, bucket));
      weights.push(Math.exp(window.rate * (bucket * window.bucketMs - now.getTime())));
    }
    let reply: Array<{ value: string; score: number }>;
    try {
      reply = await this.client.zUnionWithScores(keys, { WEIGHTS: weights });
    } catch (error) {
      this.logger.warn(`Trending: Redis failed, reading the database instead: ${error}`);
      return this.fallback.scores(range, now);
    }
    return reply
      .map(r => ({ id: r.value, score: roundScore(r.score) }))
      .filter(r => r.score > 0)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  /**
   * Counts the stored events of the longest window into an empty Redis: once
   * per Redis, whichever replica gets there first. Events recorded while it
   * runs are counted as they happen; those from before it started come from
   * the store.
   *
   * @returns how many events were counted; 0 when Redis was already filled.
   */
  async backfill(store: DiscoveryStore, now = new Date()): Promise<number> {
    const claimed = await this.client.hSetNX(this.key('meta'), 'backfilledAt', now.toISOString());
    if (!claimed) return 0;
    const longest = trendingWindow('30d');
    const since = new Date(now.getTime() - longest.windowMs - longest.bucketMs);
    let counted = 0;
    let afterId: number | undefined;
    for (;;) {
      const page = await store.listEvents({ since, afterId, limit: BACKFILL_PAGE });
      const before = page.filter(event => event.at.getTime() <= now.getTime());
      if (before.length > 0) await this.countAll(before);
      counted += before.length;
      if (page.length < BACKFILL_PAGE) break;
      afterId = page[page.length - 1].id;
    }
    this.logger.info(`Trending: counted ${counted} stored events into Redis`);
    return counted;
  }

  /** Disconnects from Redis. */
  async close(): Promise<void> {
    if (this.client.isReady) {
      await this.client.quit();
    } else if (this.client.isOpen) {
      // Still trying to connect: stop trying.
      await this.client.disconnect();
    }
  }

  private key(...parts: Array<string | number>) {
    return `${this.prefix}${parts.join(':')}`;
  }
}
