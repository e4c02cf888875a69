import { CacheService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { ListQuery, RegistryStore } from './RegistryStore';

const GENERATION_KEY = 'registry:generation';
const TTL_MS = 5 * 60_000;

/**
 * Hot registry reads through the plugin's cache (Redis in production, shared
 * by every replica). Every key carries the database's data generation
 * (bumped by triggers on every change to plugins or installations, so an
 * install finished on any replica shows at once) and the cache's own
 * generation, which `invalidate()` starts anew; old entries simply expire.
 *
 * @public
 */
export class CachedRegistryReader {
  private constructor(
    private readonly store: RegistryStore,
    private readonly cache: CacheService,
  ) {}

  static create(options: { store: RegistryStore; cache: CacheService }) {
    return new CachedRegistryReader(options.store, options.cache);
  }

  async invalidate(): Promise<void> {
    await this.cache.set(GENERATION_KEY, randomUUID());
  }

  listPlugins(query: ListQuery) {
    const key = [
      query.offset,
      query.limit,
      query.sort,
      query.order,
      query.category ?? '',
      query.source ?? '',
      query.installed ?? '',
    ].join('|');
    return this.read(`list:${key}`, () => this.store.listPlugins(query));
  }

  getPlugin(id: string) {
    return this.read(`plugin:${id}`, () => this.store.getPlugin(id));
  }

  countByCategory() {
    return this.read('categories', async () =>
      Object.fromEntries(await this.store.countByCategory()),
    );
  }

  private async generation(): Promise<string> {
    const current = await this.cache.get<string>(GENERATION_KEY);
    if (typeof current === 'string') return current;
    const fresh = randomUUID();
    await this.cache.set(GENERATION_KEY, fresh);
    return fresh;
  }

  private async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const [cacheGeneration, dataGeneration] = await Promise.all([this.generation(), this.store.dataGeneration()]);
    const fullKey = `${cacheGeneration}:${dataGeneration}:${key}`;
    const hit = await this.cache.get(fullKey);
    if (hit !== undefined) {
      return (hit === null ? undefined : hit) as T;
    }
    const value = await load();
    // `undefined` cannot be cached; null marks a cached "not found".
    await this.cache.set(fullKey, (value ?? null) as any, { ttl: TTL_MS });
    return value;
  }
}
