import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { RankedIds } from '../search/types';
import { roundScore } from './decay';
import { DiscoveryStore } from './DiscoveryStore';
import { Recommender } from './Recommender';
import { TrendingService } from './TrendingService';
import {
  PackagesInUseFn,
  PopularPlugin,
  RankedPlugin,
  Recommendation,
  SimilarPluginsFn,
  TrendingRange,
  USAGE_EVENT_TYPES,
  UsageEvent,
} from './types';

/** Clocks of clients and replicas disagree a little; more than this is a mistake. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Local installs weigh this much more than npm downloads, on a log scale. */
const POPULAR_INSTALL_WEIGHT = 2;
const FILL_RANGE: TrendingRange = '7d';

/**
 * Discovery: usage events in, trending, popular, similar and recommended plugins out.
 *
 * @public
 */
export interface DiscoveryService {
  /** Records a usage event; `at` defaults to now. */
  recordEvent(event: UsageEvent): Promise<void>;
  /** Plugins by time-decayed views and installs in the range. */
  trending(query: {
    range: TrendingRange;
    limit: number;
    category?: string;
  }): Promise<RankedPlugin[]>;
  /** Plugins by npm downloads and local installs. */
  popular(query: { limit: number; category?: string }): Promise<PopularPlugin[]>;
  /**
   * Plugins for the user, each with a reason; when there is too little to go
   * on, trending and then popular plugins fill the list (score 0).
   */
  recommendFor(userRef: string, limit: number): Promise<Recommendation[]>;
  /** Plugins like the given one. */
  similar(pluginId: string, limit: number): Promise<RankedPlugin[]>;
}

/**
 * Discovery over a {@link DiscoveryStore} and a {@link TrendingService}.
 *
 * @public
 */
export class DefaultDiscoveryService implements DiscoveryService {
  private readonly recommender: Recommender;

  private constructor(
    private readonly store: DiscoveryStore,
    private readonly trendingService: TrendingService,
    private readonly logger: LoggerService,
    private readonly clock: () => Date,
    private readonly similarPlugins?: SimilarPluginsFn,
    packagesInUse?: PackagesInUseFn,
  ) {
    this.recommender = Recommender.create({
      store,
      logger,
      packagesInUse,
      similar: (id, limit) => this.similar(id, limit),
    });
  }

  static create(options: {
    store: DiscoveryStore;
    trending: TrendingService;
    logger: LoggerService;
    /** Similar plugins from elsewhere, e.g. `SemanticIndex.similar`; same category and shared tags otherwise. */
    similar?: SimilarPluginsFn;
    /** The npm packages a user's catalog entities use, for recommendations. */
    packagesInUse?: PackagesInUseFn;
    /** For tests. */
    clock?: () => Date;
  }): DefaultDiscoveryService {
    return new DefaultDiscoveryService(
      options.store,
      options.trending,
      options.logger,
      options.clock ?? (() => new Date()),
      options.similar,
      options.packagesInUse,
    );
  }

  async recordEvent(event: UsageEvent): Promise<void> {
    if (!USAGE_EVENT_TYPES.includes(event.type)) {
      throw new InputError(
        `Event type must be one of ${USAGE_EVENT_TYPES.join(', ')}, got '${event.type}'`,
      );
    }
    const now = this.clock();
    const at = event.at ?? now;
    if (Number.isNaN(at.getTime())) {
      throw new InputError('Event time is not a valid date');
    }
    if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      throw new InputError(`Event time ${at.toISOString()} is in the future`);
    }
    if (!(await this.store.hasPlugin(event.pluginId))) {
      throw new NotFoundError(`No plugin with id '${event.pluginId}'`);
    }
    const stored = { pluginId: event.pluginId, type: event.type, userRef: event.userRef, at };
    await this.store.addEvent(stored);
    await this.trendingService.count(stored);
  }

  async trending(query: { range: TrendingRange; limit: number; category?: string }) {
    const scores = await this.trendingService.scores(query.range, this.clock());
    return this.rank(scores, query.limit, query.category);
  }

  async popular(query: { limit: number; category?: string }): Promise<PopularPlugin[]> {
    const candidates = await this.store.popularCandidates(query);
    return candidates
      .map(({ plugin, installs }) => ({
        ...plugin,
        installs,
        score: roundScore(
          Math.log1p(plugin.downloadsMonthly) + POPULAR_INSTALL_WEIGHT * Math.log1p(installs),
        ),
      }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, query.limit);
  }

  async similar(pluginId: string, limit: number): Promise<RankedPlugin[]> {
    if (!(await this.store.hasPlugin(pluginId))) {
      throw new NotFoundError(`No plugin with id '${pluginId}'`);
    }
    if (this.similarPlugins) {
      try {
        const ids = await this.similarPlugins(pluginId, limit + 1);
        const ranked = await this.rank(ids.filter(r => r.id !== pluginId), limit);
        // Empty while the semantic index is still being built.
        if (ranked.length > 0) return ranked;
      } catch (error) {
        this.logger.warn(`Similar plugins of ${pluginId}: falling back to category and tags: ${error}`);
      }
    }
    return (await this.store.similarByCategoryAndTags(pluginId, limit)) ?? [];
  }

  async recommendFor(userRef: string, limit: number): Promise<Recommendation[]> {
    const now = this.clock();
    const { items, excluded } = await this.recommender.recommend(userRef, limit, now);
    if (items.length >= limit) return items;

    const taken = new Set([...excluded, ...items.map(i => i.id)]);
    const fill = async (plugins: RankedPlugin[], reason: string) => {
      for (const plugin of plugins) {
        if (items.length >= limit) return;
        if (taken.has(plugin.id)) continue;
        taken.add(plugin.id);
        items.push({ ...plugin, score: 0, reason });
      }
    };
    const wanted = limit + taken.size;
    await fill(await this.trending({ range: FILL_RANGE, limit: wanted }), 'Trending this week');
    if (items.length < limit) {
      const popular = await this.popular({ limit: wanted });
      await fill(
        popular.map(({ installs: _installs, ...plugin }) => plugin),
        'Popular in the marketplace',
      );
    }
    return items;
  }

  /** The listed plugins that exist (in `category`, when given), in order, at most `limit`. */
  private async rank(ids: RankedIds, limit: number, category?: string): Promise<RankedPlugin[]> {
    const result: RankedPlugin[] = [];
    // A page at a time: with a category filter, most ids may not qualify.
    const page = Math.max(limit * 2, 50);
    for (let offset = 0; offset < ids.length && result.length < limit; offset += page) {
      const slice = ids.slice(offset, offset + page);
      const summaries = await this.store.getSummaries(slice.map(r => r.id), category);
      for (const { id, score } of slice) {
        const summary = summaries.get(id);
        if (summary && result.length < limit) result.push({ ...summary, score });
      }
    }
    return result;
  }
}
