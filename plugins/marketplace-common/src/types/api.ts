import { PluginCategory } from '../categories';
import {
  PackageRole,
  PluginSpecification,
  QualityMetrics,
} from './PluginSpecification';

/**
 * Where a listing came from. `first-party` listings are the official plugins
 * this marketplace ships; the others are the registry sources.
 *
 * @public
 */
export type ListingSource = 'first-party' | 'catalog' | 'npm' | 'seed';

/**
 * A plugin as lists show it.
 *
 * @public
 */
export interface PluginSummary {
  id: string;
  name: string;
  description: string;
  version: string;
  author: string;
  category: PluginCategory;
  tags: string[];
  license?: string;
  source: ListingSource;
  firstParty: boolean;
  /** npm downloads in the last month, summed over the plugin's packages. */
  downloadsMonthly: number;
  qualityScore: number;
  /** The roles of the plugin's packages, e.g. `frontend-plugin`, `backend-plugin`. */
  roles: PackageRole[];
  backstageVersion?: string;
  /** When the newest version was published (ISO 8601), when known. */
  publishedAt?: string;
  updatedAt: string;
  installed: boolean;
}

/**
 * A package of a plugin, as the details page shows it.
 *
 * @public
 */
export interface PluginPackage {
  name: string;
  role: PackageRole;
  version: string;
  description?: string;
  downloadsMonthly: number;
}

/**
 * One release of a plugin.
 *
 * @public
 */
export interface PluginVersion {
  version: string;
  publishedAt?: string;
  backstageVersion?: string;
  prerelease: boolean;
  deprecated?: string;
}

/**
 * One dependency of a plugin's release.
 *
 * @public
 */
export interface PluginDependency {
  /** The package of the plugin that declares it. */
  package: string;
  name: string;
  range: string;
  kind: 'dependency' | 'peer';
  /** The marketplace plugin that provides `name`, when there is one. */
  pluginId?: string;
}

/**
 * A plugin with everything the details page needs.
 *
 * @public
 */
export interface PluginDetails extends PluginSummary {
  spec: PluginSpecification;
  packages: PluginPackage[];
  qualityMetrics: QualityMetrics;
}

/** @public */
export type PluginSortField =
  | 'name'
  | 'downloads'
  | 'updated'
  | 'quality'
  | 'published';

/**
 * A page of plugins.
 *
 * @public
 */
export interface PluginListResponse {
  items: PluginSummary[];
  totalCount: number;
  offset: number;
  limit: number;
}

/** @public */
export interface CategoryCount {
  id: PluginCategory;
  title: string;
  description: string;
  count: number;
}

/**
 * The state of the registry, per source.
 *
 * @public
 */
export interface RegistryStatus {
  totalPlugins: number;
  sources: Array<{
    id: string;
    plugins: number;
    lastRunAt?: string;
    lastSuccessAt?: string;
    lastDurationMs?: number;
    lastError?: string;
    issues: number;
  }>;
  /** How far search by meaning has caught up with the registry (it embeds in the background). */
  semanticIndex?: SemanticIndexStatus;
}

/**
 * Whether every plugin has an embedding of its current content by the
 * provider (and model) search by meaning uses.
 *
 * @public
 */
export interface SemanticIndexStatus {
  /** The provider (with its model) of the vectors search ranks with; absent before the first embedding. */
  provider?: string;
  /** Plugins embedded by it from their current content. */
  embedded: number;
  /** Plugins in the registry. */
  total: number;
  upToDate: boolean;
}

/**
 * A problem found while reading a source: the item is skipped, the rest loads.
 *
 * @public
 */
export interface IngestionIssue {
  source: string;
  /** What was being read: a TSV line, a package name, an entity ref. */
  ref: string;
  /** The field at fault, as a JSON path (`/author/name`) or column name. */
  field?: string;
  message: string;
}

/**
 * An installed plugin (desired state).
 *
 * @public
 */
export interface InstalledPlugin {
  pluginId: string;
  version: string;
  status: string;
  /** Why it has its status, when known: e.g. the loader's error for a backend plugin that failed to load. */
  statusMessage?: string;
  installedAt: string;
  installedBy?: string;
  latestVersion?: string;
  updateAvailable: boolean;
}

/**
 * What the marketplace knows of the app it runs in (`GET /environment`).
 *
 * @public
 */
export interface AppEnvironment {
  /** The app's Backstage release, e.g. `1.55.0`; absent when unknown. */
  backstageVersion?: string;
}
