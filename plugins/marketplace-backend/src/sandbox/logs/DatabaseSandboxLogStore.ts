import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  SANDBOX_LOG_LEVELS,
  SandboxLogEntry,
  SandboxLogQuery,
} from '@internal/backstage-plugin-marketplace-node';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath('@internal/backstage-plugin-marketplace-backend', 'migrations');
const INSERT_CHUNK = 200;

/** The default and the largest number of lines one query returns. */
export const LOG_QUERY_DEFAULT_LIMIT = 100;
export const LOG_QUERY_MAX_LIMIT = 1000;

/**
 * Log lines of sandboxed plugins in the marketplace's database
 * (`sandbox_logs`), newest first on reading.
 */
export class DatabaseSandboxLogStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseSandboxLogStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseSandboxLogStore(db);
  }

  async append(entries: SandboxLogEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      await this.db('sandbox_logs').insert(
        entries.slice(i, i + INSERT_CHUNK).map(e => ({
          plugin_id: e.pluginId,
          created_at: Date.parse(e.at),
          level: SANDBOX_LOG_LEVELS.indexOf(e.level),
          source: e.source,
          message: e.message,
        })),
      );
    }
  }

  async query(pluginId: string, query: SandboxLogQuery = {}): Promise<SandboxLogEntry[]> {
    const q = this.db('sandbox_logs').where({ plugin_id: pluginId });
    if (query.level) q.andWhere('level', '>=', SANDBOX_LOG_LEVELS.indexOf(query.level));
    if (query.source) q.andWhere('source', query.source);
    if (query.since) q.andWhere('created_at', '>=', Date.parse(query.since));
    if (query.until) q.andWhere('created_at', '<', Date.parse(query.until));
    if (query.text) {
      const escaped = query.text.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`);
      q.andWhereRaw(`lower(message) like ? escape '\\'`, [`%${escaped}%`]);
    }
    const limit = Math.min(query.limit ?? LOG_QUERY_DEFAULT_LIMIT, LOG_QUERY_MAX_LIMIT);
    const rows = await q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit);
    return rows.map(r => ({
      pluginId: r.plugin_id,
      at: new Date(Number(r.created_at)).toISOString(),
      level: SANDBOX_LOG_LEVELS[r.level] ?? 'info',
      source: r.source,
      message: r.message,
    }));
  }

  /** Deletes lines older than `before`; how many. */
  async prune(before: Date): Promise<number> {
    return this.db('sandbox_logs').where('created_at', '<', before.getTime()).delete();
  }
}
