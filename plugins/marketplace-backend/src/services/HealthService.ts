import {
  CacheService,
  DatabaseService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  MarketplaceDependencyHealth,
  MarketplaceHealth,
} from '@internal/backstage-plugin-marketplace-common';

/**
 * Reports whether the marketplace can reach what it stores its state in.
 *
 * @public
 */
export interface HealthService {
  check(): Promise<MarketplaceHealth>;
}

const CHECK_TIMEOUT_MS = 2_000;
const PROBE_KEY = 'health-probe';

/**
 * Checks the plugin's database with a round trip query and its cache with a
 * write followed by a read, each bounded by a timeout so a stalled server makes
 * the check fail instead of hang.
 *
 * @public
 */
export class DefaultHealthService implements HealthService {
  private constructor(
    private readonly database: DatabaseService,
    private readonly cache: CacheService,
    private readonly cacheKind: string,
  ) {}

  static create(options: {
    database: DatabaseService;
    cache: CacheService;
    config: RootConfigService;
  }): DefaultHealthService {
    const { database, cache, config } = options;
    return new DefaultHealthService(
      database,
      cache,
      config.getOptionalString('backend.cache.store') ?? 'memory',
    );
  }

  async check(): Promise<MarketplaceHealth> {
    const [database, cache] = await Promise.all([
      probe(async () => {
        const client = await this.database.getClient();
        await client.raw('select 1');
        // The dialect knex actually talks to, whatever the config claims.
        return (client.client as { dialect?: string }).dialect ?? 'unknown';
      }),
      probe(async () => {
        const nonce = `${process.pid}-${Date.now()}-${Math.random()}`;
        await this.cache.set(PROBE_KEY, nonce, { ttl: 10_000 });
        const read = await this.cache.get(PROBE_KEY);
        // Another replica may have written its own nonce in between; any string read back
        // still proves the round trip.
        if (typeof read !== 'string') {
          throw new Error('a value written to the cache could not be read back');
        }
        return this.cacheKind;
      }),
    ]);
    const status =
      database.status === 'ok' && cache.status === 'ok' ? 'ok' : 'degraded';
    return { status, database, cache };
  }
}

async function probe(
  fn: () => Promise<string>,
): Promise<MarketplaceDependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const kind = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'ok', kind, latencyMs: elapsed(started) };
  } catch (error) {
    return {
      status: 'error',
      latencyMs: elapsed(started),
      message: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number) {
  return Math.round((performance.now() - started) * 100) / 100;
}
