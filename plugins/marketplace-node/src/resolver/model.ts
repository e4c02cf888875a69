import { isCompatible } from '@internal/backstage-plugin-marketplace-common';
import semver, { Range, SemVer } from 'semver';
import { InstalledVersion, PluginUniverse, UniverseDependency, UniversePlugin } from './types';

/** A dependency of one release on another marketplace plugin. */
export interface Edge {
  pluginId: string;
  /** The npm name depended on: one of the target plugin's packages. */
  packageName: string;
  range: string;
  kind: 'dependency' | 'peer';
}

/** One release of a plugin, parsed once. */
export interface Candidate {
  pluginId: string;
  version: string;
  semver: SemVer;
  prerelease: boolean;
  deprecated?: string;
  backstageVersion?: string;
  /** Whether it supports the app's Backstage release (true when that is unknown). */
  compatible: boolean;
  edges: Edge[];
  /** npm dependencies outside the marketplace. */
  external: UniverseDependency[];
  packageVersions?: Record<string, string>;
  /**
   * For packages whose version at this release is unknown: the version at
   * the closest newer release where it is known. Versions only go up, so the
   * package was at most that here.
   */
  packageCeilings?: Map<string, SemVer>;
}

/** A plugin with its releases, newest first; releases that are not semver are left out. */
export interface PluginNode {
  id: string;
  name: string;
  plugin: UniversePlugin;
  candidates: Candidate[];
  byVersion: Map<string, Candidate>;
}

type ParsedRange = Range | 'any';

/**
 * The part of the universe a resolution needs, parsed once: every range and
 * version goes through semver a single time however often the search
 * revisits it.
 */
export class ResolutionModel {
  readonly nodes = new Map<string, PluginNode>();
  /** Ids asked of the universe that it does not know. */
  readonly unknown = new Set<string>();
  private readonly ranges = new Map<string, ParsedRange>();
  private readonly versions = new Map<string, SemVer | null>();
  private readonly lowest = new Map<string, SemVer | undefined>();
  private readonly compatibility = new Map<string, boolean>();
  private readonly names = new Map<string, string>();
  private readonly installedReleases = new Map<string, Candidate>();

  constructor(
    readonly backstageVersion: string | undefined,
    readonly includePrerelease: boolean,
  ) {}

  add(plugin: UniversePlugin) {
    const candidates: Candidate[] = [];
    for (const release of plugin.versions) {
      const parsed = this.parseVersion(release.version);
      if (!parsed) continue;
      const edges: Edge[] = [];
      const external: UniverseDependency[] = [];
      for (const dep of release.dependencies) {
        if (dep.pluginId === plugin.id) continue;
        if (dep.pluginId) {
          edges.push({ pluginId: dep.pluginId, packageName: dep.name, range: dep.range, kind: dep.kind });
        } else if (!plugin.packages.some(p => p.name === dep.name)) {
          external.push(dep);
        }
      }
      candidates.push({
        pluginId: plugin.id,
        version: release.version,
        semver: parsed,
        prerelease: parsed.prerelease.length > 0,
        deprecated: release.deprecated,
        backstageVersion: release.backstageVersion,
        compatible: this.isCompatible(release.backstageVersion),
        edges,
        external,
        packageVersions: release.packageVersions,
      });
    }
    candidates.sort((a, b) => b.semver.compare(a.semver));
    this.addCeilings(plugin, candidates);
    this.nodes.set(plugin.id, {
      id: plugin.id,
      name: plugin.name,
      plugin,
      candidates,
      byVersion: new Map(candidates.map(c => [c.version, c])),
    });
  }

  private addCeilings(plugin: UniversePlugin, candidates: Candidate[]) {
    const known = new Map<string, SemVer>();
    for (const candidate of candidates) {
      if (!candidate.packageVersions) continue;
      for (const pkg of plugin.packages) {
        const exact = candidate.packageVersions[pkg.name];
        const parsed = exact === undefined ? null : this.parseVersion(exact);
        if (parsed) {
          known.set(pkg.name, parsed);
        } else if (known.has(pkg.name)) {
          candidate.packageCeilings ??= new Map();
          candidate.packageCeilings.set(pkg.name, known.get(pkg.name)!);
        }
      }
    }
  }

  private isCompatible(range: string | undefined): boolean {
    if (!this.backstageVersion || !range) return true;
    let compatible = this.compatibility.get(range);
    if (compatible === undefined) {
      compatible = safeIsCompatible(range, this.backstageVersion);
      this.compatibility.set(range, compatible);
    }
    return compatible;
  }

  node(id: string): PluginNode | undefined {
    return this.nodes.get(id);
  }

  nameOf(id: string): string {
    return this.nodes.get(id)?.name ?? this.names.get(id) ?? id;
  }

  /**
   * What is known of installed releases without reading their plugins:
   * names for explanations, and the release itself where its dependencies
   * came with the installation.
   */
  addInstalled(installed: InstalledVersion[]) {
    for (const item of installed) {
      if (item.name) this.names.set(item.pluginId, item.name);
      const parsed = this.parseVersion(item.version);
      if (!item.dependencies || !parsed) continue;
      const edges: Edge[] = [];
      for (const dep of item.dependencies) {
        if (dep.pluginId && dep.pluginId !== item.pluginId) {
          edges.push({ pluginId: dep.pluginId, packageName: dep.name, range: dep.range, kind: dep.kind });
        }
      }
      this.installedReleases.set(item.pluginId, {
        pluginId: item.pluginId,
        version: item.version,
        semver: parsed,
        prerelease: parsed.prerelease.length > 0,
        compatible: true,
        edges,
        external: [],
      });
    }
  }

  /** An installed release: from its plugin when that is loaded, else from the installation. */
  installedRelease(id: string, version: string): Candidate | undefined {
    const known = this.nodes.get(id)?.byVersion.get(version);
    if (known) return known;
    const release = this.installedReleases.get(id);
    return release?.version === version ? release : undefined;
  }

  parseVersion(version: string): SemVer | null {
    let parsed = this.versions.get(version);
    if (parsed === undefined) {
      parsed = semver.valid(version) ? new SemVer(version) : null;
      this.versions.set(version, parsed);
    }
    return parsed;
  }

  /**
   * A dependency range as semver reads it. Protocols a package manager
   * resolves itself (`workspace:`, git and file URLs, tags like `latest`)
   * constrain nothing the marketplace can check.
   */
  parseRange(text: string): ParsedRange {
    let parsed = this.ranges.get(text);
    if (parsed === undefined) {
      const bare = (text.startsWith('npm:') ? text.slice(text.lastIndexOf('@') + 1) : text).trim() || '*';
      try {
        parsed = new Range(bare, { includePrerelease: this.includePrerelease });
      } catch {
        parsed = 'any';
      }
      this.ranges.set(text, parsed);
    }
    return parsed;
  }

  /** Whether `range` (which may be empty: any version) admits `version`. */
  satisfies(version: SemVer, range: string | undefined): boolean {
    if (range === undefined) return true;
    const parsed = this.parseRange(range);
    return parsed === 'any' || parsed.test(version);
  }

  /**
   * Whether release `target` meets a dependency on its package
   * `packageName` at `range`. When the package's version at that release is
   * unknown, only a range above everything it can have been rules it out.
   */
  accepts(edge: Pick<Edge, 'packageName' | 'range'>, target: Candidate): boolean {
    const version = packageVersionOf(this, target, edge.packageName);
    if (version) return this.satisfies(version, edge.range);
    const ceiling = target.packageCeilings?.get(edge.packageName);
    if (!ceiling) return true;
    const lowest = this.lowestOf(edge.range);
    return lowest === undefined || lowest.compare(ceiling) <= 0;
  }

  /** The lowest version a range admits; undefined for any version or none. */
  private lowestOf(range: string): SemVer | undefined {
    if (this.lowest.has(range)) return this.lowest.get(range);
    const parsed = this.parseRange(range);
    let lowest: SemVer | undefined;
    try {
      lowest = parsed === 'any' ? undefined : semver.minVersion(parsed) ?? undefined;
    } catch {
      lowest = undefined;
    }
    this.lowest.set(range, lowest);
    return lowest;
  }

  /**
   * Loads the plugins with these ids and, for those `expand` accepts, every
   * plugin any of their releases depends on. When every plugin is expanded
   * the universe is asked for the whole closure at once; otherwise one
   * batched read per level of the graph.
   */
  async load(
    universe: PluginUniverse,
    ids: Iterable<string>,
    expand?: (id: string) => boolean,
  ): Promise<void> {
    const visited = new Set<string>();
    let frontier = [...new Set(ids)];
    while (frontier.length > 0) {
      const missing = frontier.filter(id => !this.nodes.has(id) && !this.unknown.has(id));
      if (missing.length > 0) {
        for (const plugin of await universe.getPlugins(missing, { closure: !expand })) {
          if (!this.nodes.has(plugin.id)) this.add(plugin);
        }
        for (const id of missing) if (!this.nodes.has(id)) this.unknown.add(id);
      }
      const next = new Set<string>();
      for (const id of frontier) {
        if (visited.has(id)) continue;
        visited.add(id);
        const node = this.nodes.get(id);
        if (!node || (expand && !expand(id))) continue;
        for (const candidate of node.candidates) {
          for (const edge of candidate.edges) {
            if (!visited.has(edge.pluginId)) next.add(edge.pluginId);
          }
        }
      }
      frontier = [...next];
    }
  }
}

function safeIsCompatible(range: string | undefined, version: string) {
  try {
    return isCompatible(range, version);
  } catch {
    return true;
  }
}

/** The version of one of a release's packages, when it is known. */
export function packageVersionOf(
  model: ResolutionModel,
  release: Candidate,
  packageName: string,
): SemVer | undefined {
  if (!release.packageVersions) return release.semver;
  const text = release.packageVersions[packageName];
  return text === undefined ? undefined : model.parseVersion(text) ?? undefined;
}

/** Whether a package name is that of a Backstage plugin (`@x/plugin-y`, `backstage-plugin-y`). */
export function looksLikePluginPackage(name: string): boolean {
  return /^(@[^/]+\/)?(backstage-)?plugin-/.test(name);
}
