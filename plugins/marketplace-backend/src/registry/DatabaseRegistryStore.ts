import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  IngestionIssue,
  InstalledPlugin,
  PluginDependency,
  PluginDetails,
  PluginSummary,
  PluginVersion,
  RegistryStatus,
} from '@internal/backstage-plugin-marketplace-common';
import { Knex } from 'knex';
import semver from 'semver';
import {
  ListQuery,
  RegistryStore,
  ReplaceResult,
  SourceRun,
  StoredListing,
} from './RegistryStore';
import {
  contentHash,
  parseSpec,
  PluginRow,
  qualityOf,
  SUMMARY_COLUMNS,
  toPluginRow,
  toSummary,
} from './rows';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-marketplace-backend',
  'migrations',
);

// Keeps every statement well under SQLite's limit of bound parameters.
const CHUNK = 200;

const SORT_COLUMNS: Record<ListQuery['sort'], string> = {
  name: 'name',
  downloads: 'downloads_monthly',
  updated: 'updated_at',
  quality: 'quality_score',
  published: 'published_at',
};

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * The registry in the plugin's own database (Postgres in production, SQLite
 * by default), through knex.
 *
 * @public
 */
export class DatabaseRegistryStore implements RegistryStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseRegistryStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRegistryStore(db);
  }

  async replaceSource(
    source: StoredListing['source'],
    listings: StoredListing[],
  ): Promise<ReplaceResult> {
    const now = new Date().toISOString();
    const result: ReplaceResult = {
      inserted: 0,
      updated: 0,
      unchanged: 0,
      removed: 0,
      shadowed: [],
    };
    await this.db.transaction(async tx => {
      const existing = new Map<
        string,
        { source: string; source_priority: number; content_hash: string }
      >();
      for (const ids of chunks(listings.map(l => l.spec.id))) {
        const rows = await tx('plugins')
          .whereIn('id', ids)
          .select('id', 'source', 'source_priority', 'content_hash');
        for (const row of rows) existing.set(row.id, row);
      }

      const toWrite: Array<{ listing: StoredListing; row: PluginRow }> = [];
      const kept = new Set<string>();
      for (const listing of listings) {
        const id = listing.spec.id;
        const current = existing.get(id);
        if (
          current &&
          current.source !== source &&
          current.source_priority > listing.priority
        ) {
          result.shadowed.push(id);
          continue;
        }
        kept.add(id);
        const hash = contentHash(listing);
        if (current?.content_hash === hash && current.source === source) {
          result.unchanged += 1;
          continue;
        }
        if (current) result.updated += 1;
        else result.inserted += 1;
        toWrite.push({ listing, row: toPluginRow(listing, hash, now) });
      }

      for (const batch of chunks(toWrite)) {
        const ids = batch.map(b => b.row.id);
        await this.deleteChildren(tx, ids);
        await tx('plugins').insert(batch.map(b => b.row)).onConflict('id').merge();
        await this.insertChildren(tx, batch.map(b => b.listing));
      }

      // Whatever this source delivered before and no longer does goes away.
      const previous: string[] = (
        await tx('plugins').where({ source }).select('id')
      ).map((r: { id: string }) => r.id);
      const stale = previous.filter(id => !kept.has(id));
      for (const ids of chunks(stale)) {
        await this.deleteChildren(tx, ids);
        await tx('plugins').whereIn('id', ids).delete();
      }
      result.removed = stale.length;
    });
    return result;
  }

  private async deleteChildren(tx: Knex.Transaction, ids: string[]) {
    // Explicit rather than ON DELETE CASCADE: SQLite enforces foreign keys only when asked to.
    await tx('version_dependencies').whereIn('plugin_id', ids).delete();
    await tx('plugin_versions').whereIn('plugin_id', ids).delete();
    await tx('plugin_packages').whereIn('plugin_id', ids).delete();
  }

  private async insertChildren(tx: Knex.Transaction, listings: StoredListing[]) {
    const packages = listings.flatMap(l =>
      l.packages.map(p => ({
        name: p.name,
        plugin_id: l.spec.id,
        role: p.role,
        version: p.version,
        description: p.description ?? null,
        downloads_monthly: p.downloadsMonthly ?? 0,
      })),
    );
    for (const batch of chunks(packages)) {
      // A package moved between listings of this batch keeps its newest owner.
      await tx('plugin_packages').whereIn('name', batch.map(p => p.name)).delete();
      await tx('plugin_packages').insert(batch);
    }
    const versions = listings.flatMap(l =>
      l.versions.map(v => ({
        plugin_id: l.spec.id,
        version: v.version,
        published_at: v.publishedAt ?? null,
        backstage_version: v.backstageVersion ?? null,
        prerelease: semver.prerelease(v.version) !== null,
        deprecated: v.deprecated ?? null,
      })),
    );
    for (const batch of chunks(versions)) {
      await tx('plugin_versions').insert(batch);
    }
    const dependencies = listings.flatMap(l =>
      l.versions.flatMap(v =>
        (v.dependencies ?? []).map(d => ({
          plugin_id: l.spec.id,
          version: v.version,
          package: d.package,
          name: d.name,
          range: d.range,
          kind: d.kind,
        })),
      ),
    );
    for (const batch of chunks(dependencies)) {
      await tx('version_dependencies').insert(batch);
    }
  }

  async listPlugins(query: ListQuery) {
    const filtered = this.db('plugins');
    if (query.category) filtered.where('category', query.category);
    if (query.source) filtered.where('source', query.source);
    if (query.installed !== undefined) {
      const installedIds = this.db('installations').select('plugin_id');
      if (query.installed) filtered.whereIn('id', installedIds);
      else filtered.whereNotIn('id', installedIds);
    }
    const column = SORT_COLUMNS[query.sort];
    const order = query.order === 'asc' ? 'asc' : 'desc';
    const page = filtered
      .clone()
      .select(...SUMMARY_COLUMNS)
      .offset(query.offset)
      .limit(query.limit);
    if (query.sort === 'name') {
      page.orderByRaw(`LOWER(name) ${order}`);
    } else if (query.sort === 'published') {
      // Unknown release dates go last either way, in the form each database can index.
      if (this.db.client.config.client === 'pg') {
        page.orderByRaw(`published_at ${order} NULLS LAST`);
      } else {
        page.orderByRaw(`published_at IS NULL, published_at ${order}`);
      }
    } else {
      page.orderBy(column, order);
    }
    page.orderBy('id', 'asc');

    const [[{ count }], rows] = await Promise.all([
      filtered.clone().count({ count: '*' }),
      page,
    ]);
    const installed = new Set<string>(
      rows.length
        ? (
            await this.db('installations')
              .whereIn('plugin_id', rows.map((r: { id: string }) => r.id))
              .select('plugin_id')
          ).map((r: { plugin_id: string }) => r.plugin_id)
        : [],
    );
    return {
      totalCount: Number(count),
      items: rows.map((r: any) => toSummary(r, installed.has(r.id))),
    };
  }

  async getSummaries(ids: string[]): Promise<Map<string, PluginSummary>> {
    const result = new Map<string, PluginSummary>();
    for (const batch of chunks(ids)) {
      const [rows, installed] = await Promise.all([
        this.db('plugins').whereIn('id', batch).select(...SUMMARY_COLUMNS),
        this.db('installations').whereIn('plugin_id', batch).select('plugin_id'),
      ]);
      const installedIds = new Set(installed.map((r: { plugin_id: string }) => r.plugin_id));
      for (const row of rows) result.set(row.id, toSummary(row, installedIds.has(row.id)));
    }
    return result;
  }

  async dataGeneration(): Promise<string> {
    const row = await this.db('search_generation').where({ id: 1 }).first('generation');
    return String(row?.generation ?? 0);
  }

  async getPlugin(id: string): Promise<PluginDetails | undefined> {
    const row = await this.db('plugins').where({ id }).first();
    if (!row) return undefined;
    const [packages, installed] = await Promise.all([
      this.db('plugin_packages').where({ plugin_id: id }).orderBy('name'),
      this.db('installations').where({ plugin_id: id }).first(),
    ]);
    const spec = parseSpec(row);
    return {
      ...toSummary(row, Boolean(installed)),
      spec,
      qualityMetrics: qualityOf(spec),
      packages: packages.map((p: any) => ({
        name: p.name,
        role: p.role,
        version: p.version,
        description: p.description ?? undefined,
        downloadsMonthly: Number(p.downloads_monthly),
      })),
    };
  }

  async getVersions(id: string): Promise<PluginVersion[] | undefined> {
    const exists = await this.db('plugins').where({ id }).first('id');
    if (!exists) return undefined;
    const rows = await this.db('plugin_versions').where({ plugin_id: id });
    return rows
      .map((r: any) => ({
        version: r.version,
        publishedAt: r.published_at ?? undefined,
        backstageVersion: r.backstage_version ?? undefined,
        prerelease: Boolean(r.prerelease),
        deprecated: r.deprecated ?? undefined,
      }))
      .sort((a: PluginVersion, b: PluginVersion) =>
        semver.valid(a.version) && semver.valid(b.version)
          ? semver.rcompare(a.version, b.version)
          : b.version.localeCompare(a.version),
      );
  }

  async getDependencies(id: string, version?: string) {
    const plugin = await this.db('plugins').where({ id }).first('version');
    if (!plugin) return undefined;
    const wanted = version ?? plugin.version;
    const rows = await this.db('version_dependencies')
      .leftJoin('plugin_packages', 'plugin_packages.name', 'version_dependencies.name')
      .where({ 'version_dependencies.plugin_id': id, 'version_dependencies.version': wanted })
      .select(
        'version_dependencies.package',
        'version_dependencies.name',
        'version_dependencies.range',
        'version_dependencies.kind',
        'plugin_packages.plugin_id as provider',
      )
      .orderBy(['version_dependencies.kind', 'version_dependencies.name']);
    if (version && rows.length === 0) {
      const known = await this.db('plugin_versions')
        .where({ plugin_id: id, version })
        .first('version');
      if (!known) return undefined;
    }
    const dependencies: PluginDependency[] = rows.map((r: any) => ({
      package: r.package,
      name: r.name,
      range: r.range,
      kind: r.kind,
      pluginId: r.provider && r.provider !== id ? r.provider : undefined,
    }));
    return { version: wanted, dependencies };
  }

  async countByCategory(): Promise<Map<string, number>> {
    const rows = await this.db('plugins')
      .groupBy('category')
      .select('category')
      .count({ count: '*' });
    return new Map(rows.map((r: any) => [r.category, Number(r.count)]));
  }

  async recordSourceRun(run: SourceRun): Promise<void> {
    const row = {
      id: run.id,
      last_run_at: run.startedAt,
      last_duration_ms: run.durationMs,
      last_error: run.error ?? null,
      issues: JSON.stringify(run.issues.slice(0, 1000)),
      ...(run.error ? {} : { last_success_at: run.startedAt }),
    };
    await this.db('registry_sources').insert(row).onConflict('id').merge();
  }

  async getStatus(): Promise<RegistryStatus> {
    const [sources, counts, [{ total }]] = await Promise.all([
      this.db('registry_sources').orderBy('id'),
      this.db('plugins').groupBy('source').select('source').count({ count: '*' }),
      this.db('plugins').count({ total: '*' }),
    ]);
    const perSource = new Map(counts.map((c: any) => [c.source, Number(c.count)]));
    return {
      totalPlugins: Number(total),
      sources: sources.map((s: any) => ({
        id: s.id,
        plugins: perSource.get(s.id) ?? 0,
        lastRunAt: s.last_run_at ?? undefined,
        lastSuccessAt: s.last_success_at ?? undefined,
        lastDurationMs: s.last_duration_ms ?? undefined,
        lastError: s.last_error ?? undefined,
        issues: JSON.parse(s.issues).length,
      })),
    };
  }

  async getSourceIssues(id: string): Promise<IngestionIssue[] | undefined> {
    const row = await this.db('registry_sources').where({ id }).first('issues');
    return row ? JSON.parse(row.issues) : undefined;
  }

  async listInstalled(): Promise<InstalledPlugin[]> {
    const rows = await this.db('installations')
      .leftJoin('plugins', 'plugins.id', 'installations.plugin_id')
      .select('installations.*', 'plugins.version as latest_version')
      .orderBy('installations.plugin_id');
    return rows.map((r: any) => ({
      pluginId: r.plugin_id,
      version: r.version,
      status: r.status,
      statusMessage: r.status_message ?? undefined,
      installedAt: r.installed_at,
      installedBy: r.installed_by ?? undefined,
      latestVersion: r.latest_version ?? undefined,
      updateAvailable: Boolean(
        r.latest_version &&
          semver.valid(r.latest_version) &&
          semver.valid(r.version) &&
          semver.gt(r.latest_version, r.version),
      ),
    }));
  }
}
