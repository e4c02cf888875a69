import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { PluginSummary } from '@internal/backstage-plugin-marketplace-common';
import { Knex } from 'knex';
import { SUMMARY_COLUMNS, toSummary } from '../registry/rows';
import { RankedIds } from '../search/types';
import { EVENT_WEIGHTS, roundScore, TrendingWindow, windowBounds } from './decay';
import {
  CoOccurrence,
  DiscoveryStore,
  StoredUsageEvent,
  UserHistory,
} from './DiscoveryStore';
import { RankedPlugin, UsageEvent, UsageEventType } from './types';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-marketplace-backend',
  'migrations',
);

// Keeps every statement well under SQLite's limit of bound parameters.
const CHUNK = 200;
const VIEW_TYPES: UsageEventType[] = ['view', 'search-click'];
const RECENT_VIEWS = 20;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * Discovery over the plugin's own database: events in `usage_events`,
 * listings read from the registry's tables.
 *
 * @public
 */
export class DatabaseDiscoveryStore implements DiscoveryStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseDiscoveryStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDiscoveryStore(db);
  }

  async addEvent(event: UsageEvent & { at: Date }): Promise<void> {
    await this.db('usage_events').insert({
      plugin_id: event.pluginId,
      type: event.type,
      user_ref: event.userRef ?? null,
      created_at: event.at.getTime(),
    });
  }

  async listEvents(options: { since: Date; afterId?: number; limit: number }) {
    const rows = await this.db('usage_events')
      .where('created_at', '>=', options.since.getTime())
      .andWhere('id', '>', options.afterId ?? 0)
      .orderBy('id')
      .limit(options.limit);
    return rows.map(
      (r: any): StoredUsageEvent => ({
        id: Number(r.id),
        pluginId: r.plugin_id,
        type: r.type,
        userRef: r.user_ref ?? undefined,
        at: new Date(Number(r.created_at)),
      }),
    );
  }

  async decayedScores(window: TrendingWindow, now: Date): Promise<RankedIds> {
    const { from, to } = windowBounds(window, now.getTime());
    const weights = Object.entries(EVENT_WEIGHTS);
    // Casts, because Postgres cannot infer the type of a bare parameter here.
    const weightCase = `CASE type ${weights
      .map(() => 'WHEN ? THEN CAST(? AS DOUBLE PRECISION)')
      .join(' ')} ELSE 0 END`;
    const rows = await this.db('usage_events')
      .where('created_at', '>=', from)
      .andWhere('created_at', '<', to)
      .groupBy('plugin_id')
      .select('plugin_id')
      .select(
        this.db.raw(
          `SUM((${weightCase}) * EXP(CAST(? AS DOUBLE PRECISION) * (created_at - CAST(? AS BIGINT)))) AS score`,
          [...weights.flat(), window.rate, now.getTime()],
        ),
      );
    return rows
      .map((r: any) => ({ id: r.plugin_id as string, score: roundScore(Number(r.score)) }))
      .filter(r => r.score > 0)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  async hasPlugin(id: string): Promise<boolean> {
    return Boolean(await this.db('plugins').where({ id }).first('id'));
  }

  async getSummaries(ids: string[], category?: string) {
    const result = new Map<string, PluginSummary>();
    for (const batch of chunks([...new Set(ids)])) {
      const query = this.db('plugins').whereIn('id', batch).select(...SUMMARY_COLUMNS);
      if (category) query.where('category', category);
      for (const summary of await this.withInstalled(await query)) {
        result.set(summary.id, summary);
      }
    }
    return result;
  }

  async popularCandidates(options: { category?: string; limit: number }) {
    const installRows = await this.db
      .with('held', qb => this.heldPlugins(qb))
      .from('held')
      .groupBy('plugin_id')
      .select('plugin_id')
      .count({ installs: '*' });
    const installs = new Map<string, number>(
      installRows.map((r: any) => [r.plugin_id, Number(r.installs)]),
    );

    const top = this.db('plugins')
      .select(...SUMMARY_COLUMNS)
      .orderBy('downloads_monthly', 'desc')
      .orderBy('id', 'asc')
      .limit(options.limit);
    if (options.category) top.where('category', options.category);
    const plugins = await this.withInstalled(await top);
    const seen = new Set(plugins.map(p => p.id));
    const installedElsewhere = [...installs.keys()].filter(id => !seen.has(id));
    const more = await this.getSummaries(installedElsewhere, options.category);
    return [...plugins, ...more.values()].map(plugin => ({
      plugin,
      installs: installs.get(plugin.id) ?? 0,
    }));
  }

  async similarByCategoryAndTags(id: string, limit: number) {
    const plugin = await this.db('plugins').where({ id }).first('category', 'tags');
    if (!plugin) return undefined;
    const tags = new Set<string>(JSON.parse(plugin.tags));
    const rows = await this.db('plugins')
      .select(...SUMMARY_COLUMNS)
      .whereNot('id', id)
      .andWhere(q => {
        q.where('category', plugin.category);
        // A coarse match on the JSON text; shared tags are counted exactly below.
        for (const tag of tags) q.orWhere('tags', 'like', `%${JSON.stringify(tag)}%`);
      });
    const scored = rows
      .map((row: any) => {
        const shared = (JSON.parse(row.tags) as string[]).filter(t => tags.has(t)).length;
        const score = 2 * shared + (row.category === plugin.category ? 1 : 0);
        return { row, score };
      })
      .filter(s => s.score > 0)
      .sort(
        (a, b) =>
          b.score - a.score ||
          Number(b.row.downloads_monthly) - Number(a.row.downloads_monthly) ||
          a.row.id.localeCompare(b.row.id),
      )
      .slice(0, limit);
    const summaries = await this.withInstalled(scored.map(s => s.row));
    return summaries.map((summary, i): RankedPlugin => ({ ...summary, score: scored[i].score }));
  }

  async userHistory(userRef: string, viewedSince: Date): Promise<UserHistory> {
    const [held, installedBy, viewed] = await Promise.all([
      this.db
        .with('held', qb => this.heldPlugins(qb))
        .from('held')
        .where('user_ref', userRef)
        .select('plugin_id'),
      this.db('installations').where('installed_by', userRef).select('plugin_id'),
      this.db('usage_events')
        .where('user_ref', userRef)
        .whereIn('type', VIEW_TYPES)
        .andWhere('created_at', '>=', viewedSince.getTime())
        .groupBy('plugin_id')
        .select('plugin_id')
        .max({ last: 'created_at' })
        .orderBy('last', 'desc')
        .orderBy('plugin_id', 'asc')
        .limit(RECENT_VIEWS),
    ]);
    const installed = new Set<string>(
      [...held, ...installedBy].map((r: { plugin_id: string }) => r.plugin_id),
    );
    return {
      installed: [...installed].sort(),
      viewed: viewed.map((r: any) => r.plugin_id as string),
    };
  }

  async installedPluginIds(): Promise<string[]> {
    return (await this.db('installations').select('plugin_id')).map(
      (r: { plugin_id: string }) => r.plugin_id,
    );
  }

  async coInstalled(seeds: string[], userRef: string): Promise<CoOccurrence[]> {
    if (seeds.length === 0) return [];
    const rows = await this.db
      .with('held', qb => this.heldPlugins(qb))
      .from('held as a')
      .join('held as b', join =>
        join.on('a.user_ref', '=', 'b.user_ref').andOn('a.plugin_id', '<>', 'b.plugin_id'),
      )
      .whereIn('a.plugin_id', seeds.slice(0, CHUNK))
      .andWhere('a.user_ref', '<>', userRef)
      .groupBy('a.plugin_id', 'b.plugin_id')
      .select('a.plugin_id as seed', 'b.plugin_id as candidate')
      .count({ users: '*' })
      .select(this.db.raw(`SUM(CASE WHEN a.user_ref LIKE 'group:%' THEN 1 ELSE 0 END) AS teams`));
    return rows.map(toCoOccurrence);
  }

  async coViewed(seeds: string[], userRef: string, since: Date): Promise<CoOccurrence[]> {
    if (seeds.length === 0) return [];
    const rows = await this.db('usage_events as a')
      .join('usage_events as b', 'a.user_ref', 'b.user_ref')
      .whereIn('a.plugin_id', seeds.slice(0, CHUNK))
      .whereIn('a.type', VIEW_TYPES)
      .whereIn('b.type', VIEW_TYPES)
      .andWhere('a.created_at', '>=', since.getTime())
      .andWhere('b.created_at', '>=', since.getTime())
      .andWhere('a.user_ref', '<>', userRef)
      .andWhereRaw('a.plugin_id <> b.plugin_id')
      .groupBy('a.plugin_id', 'b.plugin_id')
      .select('a.plugin_id as seed', 'b.plugin_id as candidate')
      .countDistinct({ users: 'a.user_ref' })
      .select(
        this.db.raw(
          `COUNT(DISTINCT CASE WHEN a.user_ref LIKE 'group:%' THEN a.user_ref END) AS teams`,
        ),
      );
    return rows.map(toCoOccurrence);
  }

  async pluginsOfPackages(names: string[]) {
    const result: Array<{ packageName: string; pluginId: string }> = [];
    for (const batch of chunks([...new Set(names)])) {
      const rows = await this.db('plugin_packages')
        .whereIn('name', batch)
        .select('name', 'plugin_id');
      for (const r of rows) result.push({ packageName: r.name, pluginId: r.plugin_id });
    }
    return result;
  }

  /**
   * The (user_ref, plugin_id) pairs of plugins a known user has installed and
   * not uninstalled since: the newest of their install and uninstall events is an install.
   */
  private heldPlugins(qb: Knex.QueryBuilder) {
    return qb
      .from('usage_events')
      .whereNotNull('user_ref')
      .whereIn('type', ['install', 'uninstall'])
      .groupBy('user_ref', 'plugin_id')
      .select('user_ref', 'plugin_id')
      .havingRaw(
        `MAX(CASE WHEN type = 'install' THEN created_at END) >
         COALESCE(MAX(CASE WHEN type = 'uninstall' THEN created_at END), -1)`,
      );
  }

  private async withInstalled(rows: any[]): Promise<PluginSummary[]> {
    if (rows.length === 0) return [];
    const installed = new Set<string>();
    for (const batch of chunks(rows.map(r => r.id as string))) {
      const found = await this.db('installations').whereIn('plugin_id', batch).select('plugin_id');
      for (const r of found) installed.add(r.plugin_id);
    }
    return rows.map(r => toSummary(r, installed.has(r.id)));
  }
}

function toCoOccurrence(r: any): CoOccurrence {
  return {
    seed: r.seed,
    candidate: r.candidate,
    users: Number(r.users),
    teams: Number(r.teams),
  };
}
