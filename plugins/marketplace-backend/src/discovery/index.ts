export type {
  PackagesInUseFn,
  PopularPlugin,
  RankedPlugin,
  Recommendation,
  SimilarPluginsFn,
  TrendingRange,
  UsageEvent,
  UsageEventType,
} from './types';
export { TRENDING_RANGES, USAGE_EVENT_TYPES } from './types';
export { EVENT_WEIGHTS, trendingWindow } from './decay';
export type { TrendingWindow } from './decay';
export type {
  CoOccurrence,
  DiscoveryStore,
  StoredUsageEvent,
  UserHistory,
} from './DiscoveryStore';
export { DatabaseDiscoveryStore } from './DatabaseDiscoveryStore';
export type { TrendingService } from './TrendingService';
export { DatabaseTrendingService } from './TrendingService';
export { RedisTrendingService, DEFAULT_TRENDING_KEY_PREFIX } from './RedisTrendingService';
export { createTrendingService } from './createTrendingService';
export type { DiscoveryService } from './DiscoveryService';
export { DefaultDiscoveryService } from './DiscoveryService';
export type { PersonalRecommendations } from './Recommender';
export { Recommender } from './Recommender';
