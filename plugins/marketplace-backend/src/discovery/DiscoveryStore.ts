import { PluginSummary } from '@internal/backstage-plugin-marketplace-common';
import { RankedIds } from '../search/types';
import { TrendingWindow } from './decay';
import { RankedPlugin, UsageEvent } from './types';

/**
 * A usage event as stored, with the time it happened.
 *
 * @public
 */
export interface StoredUsageEvent extends UsageEvent {
  id: number;
  at: Date;
}

/**
 * Plugins that users of one plugin also use: for each seed plugin and each
 * other plugin, how many other users (and how many of them groups) have both.
 *
 * @public
 */
export interface CoOccurrence {
  seed: string;
  candidate: string;
  users: number;
  /** How many of `users` are group refs (`group:…`). */
  teams: number;
}

/**
 * What one user has done in the marketplace.
 *
 * @public
 */
export interface UserHistory {
  /** Plugins the user installed and has not uninstalled since. */
  installed: string[];
  /** Plugins the user looked at recently, most recent first. */
  viewed: string[];
}

/**
 * Persistence behind discovery: usage events, and the reads over them and
 * over the registry's listings that trending, popularity and recommendations need.
 *
 * @public
 */
export interface DiscoveryStore {
  addEvent(event: UsageEvent & { at: Date }): Promise<void>;
  /** Events from `since` on, in insertion order, a page at a time. */
  listEvents(options: {
    since: Date;
    afterId?: number;
    limit: number;
  }): Promise<StoredUsageEvent[]>;
  /** Time-decayed scores of the plugins with events in the window at `now`, best first. */
  decayedScores(window: TrendingWindow, now: Date): Promise<RankedIds>;
  hasPlugin(id: string): Promise<boolean>;
  /** Summaries of the listed plugins that exist (and are in `category`, when given). */
  getSummaries(ids: string[], category?: string): Promise<Map<string, PluginSummary>>;
  /**
   * The plugins that can make the top `limit` by downloads and installs: the
   * `limit` most downloaded ones, and every one that users have installed.
   */
  popularCandidates(options: {
    category?: string;
    limit: number;
  }): Promise<Array<{ plugin: PluginSummary; installs: number }>>;
  /** Plugins in the same category or sharing tags, by shared tags; undefined for an unknown plugin. */
  similarByCategoryAndTags(id: string, limit: number): Promise<RankedPlugin[] | undefined>;
  userHistory(userRef: string, viewedSince: Date): Promise<UserHistory>;
  /** Plugins installed in this Backstage instance. */
  installedPluginIds(): Promise<string[]>;
  /** Co-installations with `seeds` by users other than `userRef`. */
  coInstalled(seeds: string[], userRef: string): Promise<CoOccurrence[]>;
  /** Co-views with `seeds` since `since` by users other than `userRef`. */
  coViewed(seeds: string[], userRef: string, since: Date): Promise<CoOccurrence[]>;
  /** The plugins that provide the named npm packages. */
  pluginsOfPackages(names: string[]): Promise<Array<{ packageName: string; pluginId: string }>>;
}
