import { DatabaseService } from '@backstage/backend-plugin-api';
import { PackageRole } from '@internal/backstage-plugin-marketplace-common';
import {
  InstalledVersion,
  PluginUniverse,
  UniverseDependency,
  UniversePlugin,
  UniverseVersion,
} from '@internal/backstage-plugin-marketplace-node';
import { Knex } from 'knex';

// Keeps every statement well under SQLite's limit of bound parameters.
const CHUNK = 200;
/** Plugins held in memory per process; past that, reads go to the database. */
const MAX_CACHED_PLUGINS = 20_000;

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

function group<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const result = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = result.get(k);
    if (list) list.push(row);
    else result.set(k, [row]);
  }
  return result;
}

/**
 * The resolver's universe read from the registry tables: four queries per
 * batch of up to 200 plugins (listings, packages, releases, dependencies
 * with the plugin that provides each npm name), never one per plugin; a
 * plugin's whole dependency graph found with one recursive query.
 *
 * @public
 */
export class DatabasePluginUniverse implements PluginUniverse {
  /**
   * Plugins and installations read at one `search_generation`: triggers bump
   * it in the same transaction as any change to plugins or installations
   * (a listing's releases and dependencies change only with its row), so
   * reads at the same generation may come from memory, on every replica.
   */
  private cache: {
    generation?: string;
    plugins: Map<string, UniversePlugin>;
    installed?: InstalledVersion[];
  } = { plugins: new Map() };

  private constructor(
    private readonly db: Knex,
    private readonly backstageVersion: string | undefined,
  ) {}

  /** The registry store runs the migrations; this only reads its tables. */
  static async create(options: {
    database: DatabaseService;
    backstageVersion?: string;
  }): Promise<DatabasePluginUniverse> {
    return new DatabasePluginUniverse(await options.database.getClient(), options.backstageVersion);
  }

  async getPlugins(ids: string[], options: { closure?: boolean } = {}): Promise<UniversePlugin[]> {
    const cache = await this.current();
    const found = new Map<string, UniversePlugin>();
    let wanted = [...new Set(ids)];
    while (wanted.length > 0) {
      const missing = wanted.filter(id => !cache.plugins.has(id));
      if (missing.length > 0) {
        const toRead = options.closure ? (await this.closureOf(missing)).filter(id => !cache.plugins.has(id)) : missing;
        const read = await this.readPlugins(toRead);
        if (cache.plugins.size + read.length <= MAX_CACHED_PLUGINS) {
          for (const plugin of read) cache.plugins.set(plugin.id, plugin);
        }
        for (const plugin of read) found.set(plugin.id, plugin);
      }
      const next = new Set<string>();
      for (const id of wanted) {
        const plugin = found.get(id) ?? cache.plugins.get(id);
        if (!plugin) continue;
        found.set(id, plugin);
        if (!options.closure) continue;
        for (const version of plugin.versions) {
          for (const dep of version.dependencies) {
            if (dep.pluginId && !found.has(dep.pluginId)) next.add(dep.pluginId);
          }
        }
      }
      wanted = [...next];
    }
    return [...found.values()];
  }

  /** The cache, emptied when the generation moved on since it was filled. */
  private async current() {
    const row = await this.db('search_generation').where({ id: 1 }).first('generation');
    const generation = row ? String(row.generation) : undefined;
    if (generation === undefined || generation !== this.cache.generation) {
      this.cache = { generation, plugins: new Map() };
    }
    return this.cache;
  }

  private async readPlugins(ids: string[]): Promise<UniversePlugin[]> {
    const result: UniversePlugin[] = [];
    for (const batch of chunks(ids)) {
      const [plugins, packages, versions, dependencies] = await Promise.all([
        this.db('plugins').whereIn('id', batch).select('id', 'name', 'version', 'backstage_version'),
        this.db('plugin_packages').whereIn('plugin_id', batch).select('plugin_id', 'name', 'role', 'version'),
        this.db('plugin_versions')
          .whereIn('plugin_id', batch)
          .select('plugin_id', 'version', 'backstage_version', 'prerelease', 'deprecated'),
        this.db('version_dependencies as d')
          .leftJoin('plugin_packages as p', 'p.name', 'd.name')
          .whereIn('d.plugin_id', batch)
          .select('d.plugin_id', 'd.version', 'd.package', 'd.name', 'd.range', 'd.kind', 'p.plugin_id as provider')
          .orderBy('d.row_id'),
      ]);
      const packagesOf = group(packages, (r: any) => r.plugin_id);
      const versionsOf = group(versions, (r: any) => r.plugin_id);
      const dependenciesOf = group(dependencies, (r: any) => `${r.plugin_id}\u0000${r.version}`);
      for (const row of plugins as any[]) {
        const pkgs = (packagesOf.get(row.id) ?? []).map((p: any) => ({
          name: p.name as string,
          role: p.role as PackageRole,
          version: p.version as string,
        }));
        const releases: any[] = versionsOf.get(row.id) ?? [
          { version: row.version, backstage_version: row.backstage_version, prerelease: false },
        ];
        result.push({
          id: row.id,
          name: row.name,
          version: row.version,
          packages: pkgs,
          versions: releases.map(release =>
            toVersion(row, pkgs, release, dependenciesOf.get(`${row.id}\u0000${release.version}`) ?? []),
          ),
        });
      }
    }
    return result;
  }

  /** Every plugin reachable from `ids` through any release's dependencies, in one recursive query per 200 ids. */
  private async closureOf(ids: string[]): Promise<string[]> {
    const result = new Set<string>();
    for (const batch of chunks([...new Set(ids)])) {
      const rows = await this.db.raw(
        `WITH RECURSIVE closure(id) AS (
           SELECT id FROM plugins WHERE id IN (${batch.map(() => '?').join(', ')})
           UNION
           SELECT p.plugin_id FROM closure c
             JOIN version_dependencies d ON d.plugin_id = c.id
             JOIN plugin_packages p ON p.name = d.name
         )
         SELECT id FROM closure`,
        batch,
      );
      // Postgres answers { rows }, SQLite the rows themselves.
      for (const row of (rows.rows ?? rows) as Array<{ id: string }>) result.add(row.id);
    }
    return [...result];
  }

  /** Each installation with its plugin's name and the installed release's dependencies: two queries. */
  async getInstalled(): Promise<InstalledVersion[]> {
    const cache = await this.current();
    cache.installed ??= await this.readInstalled();
    return cache.installed;
  }

  private async readInstalled(): Promise<InstalledVersion[]> {
    const [rows, dependencies] = await Promise.all([
      this.db('installations as i')
        .leftJoin('plugins as pl', 'pl.id', 'i.plugin_id')
        .leftJoin('plugin_versions as v', join =>
          join.on('v.plugin_id', '=', 'i.plugin_id').andOn('v.version', '=', 'i.version'),
        )
        .select('i.plugin_id', 'i.version', 'pl.name', 'v.version as listed')
        .orderBy('i.plugin_id'),
      this.db('version_dependencies as d')
        .join('installations as i', join =>
          join.on('i.plugin_id', '=', 'd.plugin_id').andOn('i.version', '=', 'd.version'),
        )
        .leftJoin('plugin_packages as p', 'p.name', 'd.name')
        .select('d.plugin_id', 'd.version', 'd.package', 'd.name', 'd.range', 'd.kind', 'p.plugin_id as provider')
        .orderBy('d.row_id'),
    ]);
    const dependenciesOf = group(dependencies, (r: any) => r.plugin_id);
    return rows.map((r: any) => ({
      pluginId: r.plugin_id,
      version: r.version,
      ...(r.name ? { name: r.name } : {}),
      // A release the registry no longer lists: what it needs is unknown.
      ...(r.listed ? { dependencies: (dependenciesOf.get(r.plugin_id) ?? []).map(toDependency) } : {}),
    }));
  }

  async getBackstageVersion(): Promise<string | undefined> {
    return this.backstageVersion;
  }

  async getPackageOwners(names: string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for (const batch of chunks([...new Set(names)])) {
      const rows = await this.db('plugin_packages').whereIn('name', batch).select('name', 'plugin_id');
      for (const r of rows as any[]) result.set(r.name, r.plugin_id);
    }
    return result;
  }

  async getDependents(pluginId: string, limit: number): Promise<string[]> {
    const rows = await this.db('version_dependencies as d')
      .join('plugin_packages as p', 'p.name', 'd.name')
      .where('p.plugin_id', pluginId)
      .whereNot('d.plugin_id', pluginId)
      .distinct('d.plugin_id')
      .orderBy('d.plugin_id')
      .limit(limit);
    return rows.map((r: any) => r.plugin_id);
  }
}

/**
 * A release with its dependencies. Package versions are known for the
 * listing's current release; at older releases only for packages that share
 * the plugin's version line.
 */
function toVersion(
  plugin: { id: string; version: string },
  packages: UniversePlugin['packages'],
  release: any,
  rows: any[],
): UniverseVersion {
  const current = release.version === plugin.version;
  const packageVersions = Object.fromEntries(
    packages
      .filter(p => current || p.version === plugin.version)
      .map(p => [p.name, current ? p.version : release.version]),
  );
  const dependencies = rows.map(toDependency);
  return {
    version: release.version,
    prerelease: Boolean(release.prerelease),
    dependencies,
    packageVersions,
    ...(release.backstage_version ? { backstageVersion: release.backstage_version } : {}),
    ...(release.deprecated ? { deprecated: release.deprecated } : {}),
  };
}

function toDependency(r: any): UniverseDependency {
  return {
    package: r.package,
    name: r.name,
    range: r.range,
    kind: r.kind === 'peer' ? 'peer' : 'dependency',
    ...(r.provider ? { pluginId: r.provider } : {}),
  };
}
