import { NotFoundError } from '@backstage/errors';
import {
  CategoryCount,
  IngestionIssue,
  InstalledPlugin,
  PLUGIN_CATEGORIES,
  PluginDependency,
  PluginDetails,
  PluginChangelog,
  PluginDocumentation,
  PluginListResponse,
  PluginVersion,
  RegistryStatus,
} from '@internal/backstage-plugin-marketplace-common';
import { CachedRegistryReader } from './CachedRegistryReader';
import { ListQuery, RegistryStore } from './RegistryStore';

/**
 * Read access to the registry, as the REST API offers it.
 *
 * @public
 */
export interface RegistryService {
  listPlugins(query: ListQuery): Promise<PluginListResponse>;
  getPlugin(id: string): Promise<PluginDetails>;
  getVersions(id: string): Promise<PluginVersion[]>;
  getDependencies(
    id: string,
    version?: string,
  ): Promise<{ pluginId: string; version: string; dependencies: PluginDependency[] }>;
  getChangelog(id: string): Promise<PluginChangelog>;
  getDocumentation(id: string): Promise<PluginDocumentation>;
  listCategories(): Promise<CategoryCount[]>;
  getStatus(): Promise<RegistryStatus>;
  getSourceIssues(source: string): Promise<IngestionIssue[]>;
  listInstalled(): Promise<InstalledPlugin[]>;
}

/**
 * The registry service over the store, with hot reads cached.
 *
 * @public
 */
export class DefaultRegistryService implements RegistryService {
  private constructor(
    private readonly store: RegistryStore,
    private readonly reader: CachedRegistryReader,
  ) {}

  static create(options: { store: RegistryStore; reader: CachedRegistryReader }) {
    return new DefaultRegistryService(options.store, options.reader);
  }

  async listPlugins(query: ListQuery): Promise<PluginListResponse> {
    const { items, totalCount } = await this.reader.listPlugins(query);
    return { items, totalCount, offset: query.offset, limit: query.limit };
  }

  async getPlugin(id: string): Promise<PluginDetails> {
    const plugin = await this.reader.getPlugin(id);
    if (!plugin) throw new NotFoundError(`No plugin with id '${id}'`);
    return plugin;
  }

  async getVersions(id: string): Promise<PluginVersion[]> {
    const versions = await this.store.getVersions(id);
    if (!versions) throw new NotFoundError(`No plugin with id '${id}'`);
    return versions;
  }

  async getDependencies(id: string, version?: string) {
    const result = await this.store.getDependencies(id, version);
    if (!result) {
      throw new NotFoundError(
        version
          ? `Plugin '${id}' has no version '${version}'`
          : `No plugin with id '${id}'`,
      );
    }
    return { pluginId: id, ...result };
  }

  async getChangelog(id: string): Promise<PluginChangelog> {
    const plugin = await this.getPlugin(id);
    if (plugin.spec.documentation.changelog) {
      return { pluginId: id, origin: 'package', markdown: plugin.spec.documentation.changelog };
    }
    const versions = await this.getVersions(id);
    const lines = versions.map(v => {
      const date = v.publishedAt ? ` (${v.publishedAt.slice(0, 10)})` : '';
      const notes = [
        v.prerelease ? 'prerelease' : undefined,
        v.backstageVersion ? `Backstage ${v.backstageVersion}` : undefined,
        v.deprecated ? `deprecated: ${v.deprecated}` : undefined,
      ].filter(Boolean);
      return `## ${v.version}${date}\n\n${notes.length ? `${notes.join('; ')}\n` : ''}`;
    });
    return {
      pluginId: id,
      origin: 'releases',
      markdown: `# ${plugin.name} releases\n\n${lines.join('\n')}`,
    };
  }

  async getDocumentation(id: string): Promise<PluginDocumentation> {
    const { documentation } = (await this.getPlugin(id)).spec;
    return {
      pluginId: id,
      readme: documentation.readme,
      homepage: documentation.homepage,
      repository: documentation.repository,
      bugs: documentation.bugs,
    };
  }

  async listCategories(): Promise<CategoryCount[]> {
    const counts = await this.reader.countByCategory();
    return PLUGIN_CATEGORIES.map(c => ({
      id: c.id,
      title: c.title,
      description: c.description,
      count: counts[c.id] ?? 0,
    }));
  }

  getStatus(): Promise<RegistryStatus> {
    return this.store.getStatus();
  }

  async getSourceIssues(source: string): Promise<IngestionIssue[]> {
    const issues = await this.store.getSourceIssues(source);
    if (!issues) throw new NotFoundError(`Source '${source}' has not run yet`);
    return issues;
  }

  listInstalled(): Promise<InstalledPlugin[]> {
    return this.store.listInstalled();
  }
}
