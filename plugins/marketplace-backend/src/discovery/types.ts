import { PluginSummary } from '@internal/backstage-plugin-marketplace-common';
import { RankedIds } from '../search/types';

/**
 * What a user did with a plugin.
 *
 * @public
 */
export type UsageEventType = 'view' | 'install' | 'uninstall' | 'search-click';

/**
 * Every {@link UsageEventType}.
 *
 * @public
 */
export const USAGE_EVENT_TYPES: readonly UsageEventType[] = [
  'view',
  'install',
  'uninstall',
  'search-click',
];

/**
 * One usage event, as recorded.
 *
 * @public
 */
export interface UsageEvent {
  pluginId: string;
  type: UsageEventType;
  /** Entity ref of the user (or group) it happened for, when known. */
  userRef?: string;
  /** When it happened; now when omitted. */
  at?: Date;
}

/**
 * The time windows trending is offered over.
 *
 * @public
 */
export type TrendingRange = '24h' | '7d' | '30d';

/**
 * Every {@link TrendingRange}.
 *
 * @public
 */
export const TRENDING_RANGES: readonly TrendingRange[] = ['24h', '7d', '30d'];

/**
 * A plugin in a ranked discovery list.
 *
 * @public
 */
export interface RankedPlugin extends PluginSummary {
  /** Higher is better; comparable within one list only. */
  score: number;
}

/**
 * A plugin in the popular list.
 *
 * @public
 */
export interface PopularPlugin extends RankedPlugin {
  /** Users that have it installed, from install and uninstall events. */
  installs: number;
}

/**
 * A plugin recommended to a user, with why.
 *
 * @public
 */
export interface Recommendation extends RankedPlugin {
  /** One short sentence, e.g. "Installed together with Kubernetes by 4 teams". */
  reason: string;
}

/**
 * Plugins similar to a plugin, best first, such as `SemanticIndex.similar`.
 *
 * @public
 */
export type SimilarPluginsFn = (pluginId: string, limit: number) => Promise<RankedIds>;

/**
 * The npm package names that a user's catalog entities use.
 *
 * @public
 */
export type PackagesInUseFn = (userRef: string) => Promise<string[]>;
