import { RankedIds } from '../search/types';
import { trendingWindow } from './decay';
import { DiscoveryStore } from './DiscoveryStore';
import { TrendingRange, UsageEvent } from './types';

/**
 * Time-decayed trending scores. Each implementation ranks the same events
 * the same way; see {@link trendingWindow} for the decay.
 *
 * @public
 */
export interface TrendingService {
  /** Counts an event that has been stored. */
  count(event: UsageEvent & { at: Date }): Promise<void>;
  /** Scores of the plugins with a positive score in the range at `now`, best first. */
  scores(range: TrendingRange, now: Date): Promise<RankedIds>;
}

/**
 * Trending computed from the stored events when asked: no counters to keep,
 * one aggregate query over the window.
 *
 * @public
 */
export class DatabaseTrendingService implements TrendingService {
  private constructor(private readonly store: DiscoveryStore) {}

  static create(options: { store: DiscoveryStore }): DatabaseTrendingService {
    return new DatabaseTrendingService(options.store);
  }

  async count(): Promise<void> {
    // The stored event is all there is to count.
  }

  scores(range: TrendingRange, now: Date): Promise<RankedIds> {
    return this.store.decayedScores(trendingWindow(range), now);
  }
}
