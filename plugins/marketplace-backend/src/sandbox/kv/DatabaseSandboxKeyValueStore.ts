import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import { Knex } from 'knex';
import { SandboxLimitError } from '../errors';

const migrationsDir = resolvePackagePath('@internal/backstage-plugin-marketplace-backend', 'migrations');

/** Longest key, in characters. */
export const MAX_KV_KEY_LENGTH = 512;
const LIST_LIMIT = 1000;

function checkKey(key: unknown, field = 'key'): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KV_KEY_LENGTH) {
    throw new InputError(`${field} must be a string of 1 to ${MAX_KV_KEY_LENGTH} characters`);
  }
  return key;
}

/**
 * The key-value stores of sandboxed plugins, one namespace per plugin, in the
 * marketplace's database (`sandbox_kv`). Each plugin has a quota on the bytes
 * of its keys and values together; a write that would pass it is refused
 * whole. Writes of one plugin are serialized in this process, so the quota
 * holds exactly on one replica and is overshot by at most one write per
 * other replica.
 */
export class DatabaseSandboxKeyValueStore {
  private readonly queues = new Map<string, Promise<unknown>>();

  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseSandboxKeyValueStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseSandboxKeyValueStore(db);
  }

  async get(pluginId: string, key: unknown): Promise<JsonValue | undefined> {
    const row = await this.db('sandbox_kv')
      .where({ plugin_id: pluginId, key: checkKey(key) })
      .first('value');
    return row ? JSON.parse(row.value) : undefined;
  }

  /** Stores `value` (JSON) under `key`; throws a `kv-quota` limit error past the quota. */
  async set(pluginId: string, key: unknown, value: JsonValue, quotaBytes: number): Promise<void> {
    const checked = checkKey(key);
    const json = JSON.stringify(value ?? null);
    const bytes = Buffer.byteLength(checked, 'utf8') + Buffer.byteLength(json, 'utf8');
    await this.serialize(pluginId, async () => {
      await this.db.transaction(async tx => {
        const [{ used }] = await tx('sandbox_kv')
          .where({ plugin_id: pluginId })
          .whereNot({ key: checked })
          .sum({ used: 'bytes' });
        const total = Number(used ?? 0) + bytes;
        if (total > quotaBytes) {
          throw new SandboxLimitError(
            'kv-quota',
            `storing "${checked.slice(0, 60)}" would use ${total} bytes; the quota is ${quotaBytes}`,
          );
        }
        await tx('sandbox_kv')
          .insert({ plugin_id: pluginId, key: checked, value: json, bytes, updated_at: Date.now() })
          .onConflict(['plugin_id', 'key'])
          .merge(['value', 'bytes', 'updated_at']);
      });
    });
  }

  /** Whether the key existed. */
  async delete(pluginId: string, key: unknown): Promise<boolean> {
    const checked = checkKey(key);
    return this.serialize(pluginId, async () => {
      const count = await this.db('sandbox_kv').where({ plugin_id: pluginId, key: checked }).delete();
      return count > 0;
    });
  }

  /** Keys starting with `prefix`, in order, at most 1000. */
  async list(pluginId: string, prefix: unknown): Promise<string[]> {
    if (typeof prefix !== 'string' || prefix.length > MAX_KV_KEY_LENGTH) {
      throw new InputError(`prefix must be a string of at most ${MAX_KV_KEY_LENGTH} characters`);
    }
    const query = this.db('sandbox_kv').where({ plugin_id: pluginId });
    if (prefix) {
      // Not LIKE: keys may hold % and _, and SQLite's LIKE ignores case. Both
      // databases count characters as code points.
      const length = Array.from(prefix).length;
      query.andWhereRaw(`substr("key", 1, ${length}) = ?`, [prefix]);
    }
    const rows = await query.orderBy('key').limit(LIST_LIMIT).select('key');
    return rows.map(r => r.key).filter(k => k.startsWith(prefix));
  }

  /** Removes every key of the plugin. */
  async clear(pluginId: string): Promise<void> {
    await this.serialize(pluginId, async () => {
      await this.db('sandbox_kv').where({ plugin_id: pluginId }).delete();
    });
  }

  /** Bytes the plugin's keys and values use. */
  async usage(pluginId: string): Promise<number> {
    const [{ used }] = await this.db('sandbox_kv').where({ plugin_id: pluginId }).sum({ used: 'bytes' });
    return Number(used ?? 0);
  }

  private serialize<T>(pluginId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(pluginId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const tail = next.catch(() => undefined);
    this.queues.set(pluginId, tail);
    tail.then(() => {
      if (this.queues.get(pluginId) === tail) this.queues.delete(pluginId);
    });
    return next;
  }
}
