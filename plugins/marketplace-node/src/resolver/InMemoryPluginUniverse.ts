import { InstalledVersion, PluginUniverse, UniversePlugin } from './types';

/**
 * A universe held in memory: for tests, benchmarks, and callers that
 * already hold the plugins they plan over.
 *
 * @public
 */
export class InMemoryPluginUniverse implements PluginUniverse {
  private readonly plugins = new Map<string, UniversePlugin>();
  private readonly owners = new Map<string, string>();
  private dependents?: Map<string, string[]>;

  private constructor(
    plugins: UniversePlugin[],
    private readonly installed: InstalledVersion[],
    private readonly backstageVersion: string | undefined,
  ) {
    for (const plugin of plugins) {
      this.plugins.set(plugin.id, plugin);
      for (const pkg of plugin.packages) this.owners.set(pkg.name, plugin.id);
    }
  }

  static create(options: {
    plugins: UniversePlugin[];
    installed?: InstalledVersion[];
    backstageVersion?: string;
  }): InMemoryPluginUniverse {
    return new InMemoryPluginUniverse(
      options.plugins,
      options.installed ?? [],
      options.backstageVersion,
    );
  }

  async getPlugins(ids: string[], options: { closure?: boolean } = {}): Promise<UniversePlugin[]> {
    const found = new Map<string, UniversePlugin>();
    const queue = [...ids];
    while (queue.length > 0) {
      const plugin = this.plugins.get(queue.pop()!);
      if (!plugin || found.has(plugin.id)) continue;
      found.set(plugin.id, plugin);
      if (!options.closure) continue;
      for (const version of plugin.versions) {
        for (const dep of version.dependencies) {
          const target = dep.pluginId ?? this.owners.get(dep.name);
          if (target && !found.has(target)) queue.push(target);
        }
      }
    }
    return [...found.values()];
  }

  /** With each installed release's name and dependencies, as the database universe gives them. */
  async getInstalled(): Promise<InstalledVersion[]> {
    return this.installed.map(item => {
      const plugin = this.plugins.get(item.pluginId);
      const release = plugin?.versions.find(v => v.version === item.version);
      return {
        ...item,
        ...(plugin ? { name: plugin.name } : {}),
        ...(release ? { dependencies: release.dependencies } : {}),
      };
    });
  }

  async getBackstageVersion(): Promise<string | undefined> {
    return this.backstageVersion;
  }

  async getPackageOwners(names: string[]): Promise<Map<string, string>> {
    return new Map(names.flatMap(name => {
      const owner = this.owners.get(name);
      return owner ? [[name, owner] as [string, string]] : [];
    }));
  }

  async getDependents(pluginId: string, limit: number): Promise<string[]> {
    if (!this.dependents) {
      const index = new Map<string, Set<string>>();
      for (const plugin of this.plugins.values()) {
        for (const version of plugin.versions) {
          for (const dep of version.dependencies) {
            const target = dep.pluginId ?? this.owners.get(dep.name);
            if (!target || target === plugin.id) continue;
            const set = index.get(target) ?? new Set();
            set.add(plugin.id);
            index.set(target, set);
          }
        }
      }
      this.dependents = new Map([...index].map(([id, set]) => [id, [...set].sort()]));
    }
    return (this.dependents.get(pluginId) ?? []).slice(0, limit);
  }
}
