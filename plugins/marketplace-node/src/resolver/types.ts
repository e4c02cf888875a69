import {
  DependencyAnalysis,
  InstallPlan,
  InstallPlanRequest,
  PackageRole,
  ResolutionProblem,
  UpdatePlan,
} from '@internal/backstage-plugin-marketplace-common';

/**
 * One dependency a release of a plugin declares, as the universe knows it.
 *
 * @public
 */
export interface UniverseDependency {
  /** The plugin's package that declares it. */
  package: string;
  /** The npm name depended on. */
  name: string;
  range: string;
  kind: 'dependency' | 'peer';
  /** The marketplace plugin one of whose packages `name` is; absent for npm packages outside the marketplace. */
  pluginId?: string;
}

/**
 * One release of a plugin.
 *
 * @public
 */
export interface UniverseVersion {
  version: string;
  /** The Backstage releases it supports, a semver range; absent when it does not say. */
  backstageVersion?: string;
  prerelease: boolean;
  /** The deprecation message, when the release is deprecated. */
  deprecated?: string;
  dependencies: UniverseDependency[];
  /**
   * The versions of the plugin's packages at this release, where known. A
   * range on one of its packages is checked against that package's version:
   * a plugin's packages need not share one version line. When the whole map
   * is absent, every package is taken to be at `version`; when it is present
   * but lacks a package, that package's version is unknown and a range on it
   * is not held against this release.
   */
  packageVersions?: Record<string, string>;
}

/**
 * A plugin with every release the marketplace knows.
 *
 * @public
 */
export interface UniversePlugin {
  id: string;
  name: string;
  /** The listing's current version. */
  version: string;
  packages: Array<{ name: string; role: PackageRole; version: string }>;
  versions: UniverseVersion[];
}

/**
 * A plugin installed in this app (desired state).
 *
 * @public
 */
export interface InstalledVersion {
  pluginId: string;
  version: string;
  /** The plugin's name, for explanations. */
  name?: string;
  /**
   * The installed release's dependencies. When given, planning need not read
   * the installed plugins it does not change: only this release constrains
   * the plan.
   */
  dependencies?: UniverseDependency[];
}

/**
 * What the resolver reads: the plugins of the marketplace with their
 * releases, what is installed, and the app's Backstage release. Reads are
 * batched: the resolver asks for a whole level of the dependency graph at once.
 *
 * @public
 */
export interface PluginUniverse {
  /**
   * The plugins with these ids; ids the marketplace does not know are left
   * out. With `closure`, also every plugin any of their releases depends on,
   * transitively: the whole graph below them in one read where the universe
   * can (a recursive query), instead of one read per level.
   */
  getPlugins(ids: string[], options?: { closure?: boolean }): Promise<UniversePlugin[]>;
  getInstalled(): Promise<InstalledVersion[]>;
  /** The app's Backstage release (e.g. `1.55.0`); undefined when unknown, and then every release fits. */
  getBackstageVersion(): Promise<string | undefined>;
  /** The plugins that own these npm package names; names no plugin owns are left out. */
  getPackageOwners(names: string[]): Promise<Map<string, string>>;
  /** Plugins whose releases depend on one of this plugin's packages, at most `limit`. */
  getDependents(pluginId: string, limit: number): Promise<string[]>;
}

/**
 * Plans installs and updates of marketplace plugins: chooses versions that
 * satisfy every dependency range and the app's Backstage release, and
 * explains in words every obstacle it meets.
 *
 * @public
 */
export interface DependencyResolver {
  /** The plan for installing (or changing the version of) the requested plugins. */
  plan(request: InstallPlanRequest): Promise<InstallPlan>;
  /**
   * What installing one plugin involves: its dependencies, direct and
   * transitive, with the versions the resolver would choose, what conflicts,
   * what is missing, and what goes well with it. Throws `NotFoundError` for
   * an unknown plugin or version.
   */
  analyze(
    pluginId: string,
    options?: { version?: string; allowPrerelease?: boolean },
  ): Promise<DependencyAnalysis>;
  /** The obstacles (severity `error`) to installing the requested plugins alongside the installed ones. */
  detectConflicts(request: InstallPlanRequest): Promise<ResolutionProblem[]>;
  /** The newest versions the installed plugins can move to together, and what holds any back. */
  planUpdates(options?: { allowPrerelease?: boolean }): Promise<UpdatePlan>;
}
