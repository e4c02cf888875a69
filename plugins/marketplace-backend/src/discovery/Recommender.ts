import { LoggerService } from '@backstage/backend-plugin-api';
import { roundScore } from './decay';
import { CoOccurrence, DiscoveryStore } from './DiscoveryStore';
import { PackagesInUseFn, RankedPlugin, Recommendation } from './types';

const DAY_MS = 86_400_000;
/** How far back views count as interest. */
const VIEW_HISTORY_MS = 90 * DAY_MS;

/**
 * What each signal adds to a candidate. A co-installation by one other user
 * is the unit; co-views are weaker evidence of the same kind; a plugin whose
 * package the user's own entities use is strong; similarity ranks below.
 */
const WEIGHTS = {
  coInstalledPerUser: 1,
  coViewedPerUser: 0.25,
  usedByEntities: 3,
  similarBest: 0.5,
};
const SIMILAR_SEEDS = 3;
const SIMILAR_PER_SEED = 5;

/**
 * Personal recommendations, and what must not be recommended to the user.
 *
 * @public
 */
export interface PersonalRecommendations {
  items: Recommendation[];
  /** Plugins the user has or the instance has installed. */
  excluded: Set<string>;
}

/**
 * Recommends plugins to a user from what they installed and viewed: what
 * other users installed or viewed together with those ("people who installed
 * X also installed Y"), what their catalog entities use, and plugins similar
 * to theirs; never what they or this instance already installed.
 *
 * @public
 */
export class Recommender {
  private constructor(
    private readonly store: DiscoveryStore,
    private readonly similar: (pluginId: string, limit: number) => Promise<RankedPlugin[]>,
    private readonly logger: LoggerService,
    private readonly packagesInUse?: PackagesInUseFn,
  ) {}

  static create(options: {
    store: DiscoveryStore;
    similar: (pluginId: string, limit: number) => Promise<RankedPlugin[]>;
    logger: LoggerService;
    packagesInUse?: PackagesInUseFn;
  }): Recommender {
    return new Recommender(
      options.store,
      options.similar,
      options.logger,
      options.packagesInUse,
    );
  }

  async recommend(userRef: string, limit: number, now: Date): Promise<PersonalRecommendations> {
    const viewedSince = new Date(now.getTime() - VIEW_HISTORY_MS);
    const [history, instanceInstalled, inUse] = await Promise.all([
      this.store.userHistory(userRef, viewedSince),
      this.store.installedPluginIds(),
      this.pluginsInUse(userRef),
    ]);
    const excluded = new Set([...history.installed, ...instanceInstalled]);
    const installSeeds = [...new Set([...history.installed, ...inUse.map(p => p.pluginId)])];
    const seedNames = await this.store.getSummaries([...installSeeds, ...history.viewed]);
    const name = (id: string) => seedNames.get(id)?.name ?? id;

    const candidates = new Map<string, { score: number; best: number; reason: string }>();
    const add = (id: string, weight: number, reason: string) => {
      if (excluded.has(id) || weight <= 0) return;
      const current = candidates.get(id);
      if (!current) {
        candidates.set(id, { score: weight, best: weight, reason });
        return;
      }
      current.score += weight;
      if (weight > current.best) {
        current.best = weight;
        current.reason = reason;
      }
    };

    const [coInstalled, coViewed] = await Promise.all([
      this.store.coInstalled(installSeeds, userRef),
      this.store.coViewed(history.viewed, userRef, viewedSince),
    ]);
    for (const c of coInstalled) {
      add(
        c.candidate,
        WEIGHTS.coInstalledPerUser * c.users,
        `Installed together with ${name(c.seed)} by ${whom(c)}`,
      );
    }
    for (const c of coViewed) {
      add(
        c.candidate,
        WEIGHTS.coViewedPerUser * c.users,
        `Viewed together with ${name(c.seed)} by ${whom(c)}`,
      );
    }
    for (const { packageName, pluginId } of inUse) {
      add(pluginId, WEIGHTS.usedByEntities, `Your catalog entities use ${packageName}`);
    }
    const similarSeeds = [...installSeeds, ...history.viewed]
      .filter(id => seedNames.has(id))
      .slice(0, SIMILAR_SEEDS);
    const similarLists = await Promise.all(
      similarSeeds.map(seed => this.similar(seed, SIMILAR_PER_SEED)),
    );
    similarSeeds.forEach((seed, s) =>
      similarLists[s].forEach((plugin, i) =>
        add(
          plugin.id,
          WEIGHTS.similarBest * (1 - i / SIMILAR_PER_SEED),
          `Similar to ${name(seed)}`,
        ),
      ),
    );

    const ranked = [...candidates.entries()].sort(
      ([a, x], [b, y]) => y.score - x.score || a.localeCompare(b),
    );
    // Candidates come from events, which outlive plugins leaving the registry.
    const summaries = await this.store.getSummaries(ranked.map(([id]) => id));
    const items = ranked
      .filter(([id]) => summaries.has(id))
      .slice(0, limit)
      .map(([id, c]) => ({ ...summaries.get(id)!, score: roundScore(c.score), reason: c.reason }));
    return { items, excluded };
  }

  private async pluginsInUse(userRef: string) {
    if (!this.packagesInUse) return [];
    try {
      return await this.store.pluginsOfPackages(await this.packagesInUse(userRef));
    } catch (error) {
      this.logger.warn(`Recommendations: could not read the packages ${userRef} uses: ${error}`);
      return [];
    }
  }
}

/** "4 teams" when every one of them is a group, "1 user" otherwise. */
function whom(c: CoOccurrence): string {
  const noun = c.teams === c.users ? 'team' : 'user';
  return `${c.users} ${noun}${c.users === 1 ? '' : 's'}`;
}
