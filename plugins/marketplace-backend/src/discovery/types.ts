import type {
  PopularPlugin,
  RankedPlugin,
  Recommendation,
  TrendingRange,
} from '@internal/backstage-plugin-marketplace-common';

export type { PopularPlugin, RankedPlugin, Recommendation, TrendingRange };
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
 * Every {@link TrendingRange}.
 *
 * @public
 */
export const TRENDING_RANGES: readonly TrendingRange[] = ['24h', '7d', '30d'];

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
