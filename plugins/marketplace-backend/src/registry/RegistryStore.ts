import {
  IngestionIssue,
  InstalledPlugin,
  ListingSource,
  PluginDependency,
  PluginDetails,
  PluginSortField,
  PluginSpecification,
  PluginSummary,
  PluginVersion,
  RegistryStatus,
} from '@internal/backstage-plugin-marketplace-common';
import {
  ListingPackageInput,
  ListingVersionInput,
} from '@internal/backstage-plugin-marketplace-node';

/**
 * A validated listing, ready to be stored.
 *
 * @public
 */
export interface StoredListing {
  spec: PluginSpecification;
  source: ListingSource;
  priority: number;
  packages: ListingPackageInput[];
  versions: ListingVersionInput[];
  downloadsMonthly: number;
  publishedAt?: string;
}

/**
 * What replacing a source's listings changed.
 *
 * @public
 */
export interface ReplaceResult {
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Listings another source of higher priority already provides. */
  shadowed: string[];
}

/**
 * A query over listings.
 *
 * @public
 */
export interface ListQuery {
  offset: number;
  limit: number;
  sort: PluginSortField;
  order: 'asc' | 'desc';
  category?: string;
  source?: string;
  installed?: boolean;
}

/**
 * The last run of a source, as recorded.
 *
 * @public
 */
export interface SourceRun {
  id: string;
  startedAt: string;
  durationMs: number;
  error?: string;
  issues: IngestionIssue[];
}

/**
 * Persistence of the plugin registry.
 *
 * @public
 */
export interface RegistryStore {
  /**
   * Changes whenever plugins or installations change, on any replica
   * (`search_generation`, bumped by triggers).
   */
  dataGeneration(): Promise<string>;
  /** Makes the source's listings exactly `listings`, in one transaction. */
  replaceSource(
    source: ListingSource,
    listings: StoredListing[],
  ): Promise<ReplaceResult>;
  listPlugins(
    query: ListQuery,
  ): Promise<{ items: PluginSummary[]; totalCount: number }>;
  getPlugin(id: string): Promise<PluginDetails | undefined>;
  /** Summaries of the given plugins; unknown ids are left out. */
  getSummaries(ids: string[]): Promise<Map<string, PluginSummary>>;
  getVersions(id: string): Promise<PluginVersion[] | undefined>;
  /** Dependencies of `version`, or of the newest version when omitted. */
  getDependencies(
    id: string,
    version?: string,
  ): Promise<{ version: string; dependencies: PluginDependency[] } | undefined>;
  countByCategory(): Promise<Map<string, number>>;
  recordSourceRun(run: SourceRun): Promise<void>;
  getStatus(): Promise<RegistryStatus>;
  /** The issues of the source's last run. */
  getSourceIssues(id: string): Promise<IngestionIssue[] | undefined>;
  listInstalled(): Promise<InstalledPlugin[]>;
}
