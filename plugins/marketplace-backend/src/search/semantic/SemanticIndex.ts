import { LoggerService } from '@backstage/backend-plugin-api';
import { SemanticIndexStatus } from '@internal/backstage-plugin-marketplace-common';
import { RankedIds } from '../types';
import { DatabaseEmbeddingStore } from './DatabaseEmbeddingStore';
import { EmbeddingProvider, isCorpusFitted } from './EmbeddingProvider';
import { FusionOptions, fuseRankings } from './fusion';
import { VectorMatrix } from './VectorMatrix';

/**
 * Ranks plugin ids by text, for one retrieval method; e.g.
 * `(text, limit, among) => textIndex.rankText(text, limit, filters, among)`.
 * With `among`, only those plugins are ranked.
 *
 * @public
 */
export type TextRanker = (text: string, limit: number, among?: string[]) => Promise<RankedIds>;

/**
 * Ranking by meaning over the stored embeddings.
 *
 * @public
 */
export interface SemanticIndex {
  /**
   * Plugins closest in meaning to a text, best first, scored by cosine
   * similarity; only `candidateIds` when given (e.g. what filters allow).
   */
  rank(text: string, limit: number, candidateIds?: Iterable<string>): Promise<RankedIds>;
  /** Plugins closest in meaning to a plugin, itself excluded. */
  similar(pluginId: string, limit: number, candidateIds?: Iterable<string>): Promise<RankedIds>;
  /** Text and semantic rankings fused; scores are the fusion's. */
  hybridRank(
    text: string,
    limit: number,
    options: { rankText: TextRanker; candidateIds?: Iterable<string> },
  ): Promise<RankedIds>;
  /**
   * Loads the stored vectors now rather than on the next ranking, so that the
   * first search after a start or a re-embedding does not wait for them.
   */
  warm(): Promise<void>;
  /** How far the stored vectors have caught up with the registry. */
  status(): Promise<SemanticIndexStatus>;
}

/**
 * Weighted score fusion with text at 0.15 of the weight of meaning. On
 * bench/fixtures/judged-queries.json (bench/search-relevance.ts) this is
 * about even with semantic ranking alone and more weight on text costs
 * nDCG, because the local embedding already matches words and trigrams;
 * text keeps a small say so that what only the text index sees (READMEs,
 * exact ids) still lifts a plugin. Rank fusion (`rrf`) measured lower.
 *
 * @public
 */
export const DEFAULT_FUSION: FusionOptions = {
  method: 'weighted',
  weights: { text: 0.15, semantic: 1 },
};

/** Below this cosine similarity a plugin is not considered related at all. */
const DEFAULT_MIN_SCORE = 0.1;
/** How deep each ranking is read before fusing: the head of a page needs the tails of both. */
const FUSION_DEPTH = 100;
const QUERY_CACHE_SIZE = 500;

interface Loaded {
  generation: number;
  provider: EmbeddingProvider;
  matrix: VectorMatrix;
}

/**
 * The semantic index: vectors loaded from the database into one
 * {@link VectorMatrix} and brute-force cosine ranking over it. Before each
 * ranking it reads the index generation (one primary-key lookup) and loads
 * only the rows written since, so every replica follows the writes of any
 * other.
 *
 * @public
 */
export class DefaultSemanticIndex implements SemanticIndex {
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded | undefined> | undefined;
  private readonly queryVectors = new Map<string, Float32Array>();
  private warnedAbout: string | undefined;

  private constructor(
    private readonly store: DatabaseEmbeddingStore,
    private readonly provider: EmbeddingProvider,
    private readonly minScore: number,
    private readonly fusion: FusionOptions,
    private readonly logger: LoggerService | undefined,
  ) {}

  static create(options: {
    store: DatabaseEmbeddingStore;
    /** The configured provider, the same the indexer uses. */
    provider: EmbeddingProvider;
    /** Lowest cosine similarity ranked. Default 0.1. */
    minScore?: number;
    fusion?: FusionOptions;
    logger?: LoggerService;
  }): DefaultSemanticIndex {
    return new DefaultSemanticIndex(
      options.store,
      options.provider,
      options.minScore ?? DEFAULT_MIN_SCORE,
      options.fusion ?? DEFAULT_FUSION,
      options.logger,
    );
  }

  async warm(): Promise<void> {
    await this.sync();
  }

  async status(): Promise<SemanticIndexStatus> {
    const { provider, embedded, total } = await this.store.coverage();
    return { ...(provider ? { provider } : {}), embedded, total, upToDate: provider !== undefined && embedded === total };
  }

  async rank(text: string, limit: number, candidateIds?: Iterable<string>): Promise<RankedIds> {
    if (!text.trim() || limit <= 0) return [];
    const loaded = await this.sync();
    if (!loaded) return [];
    const query = await this.embedQuery(loaded.provider, text);
    return loaded.matrix.nearest(query, limit, {
      candidates: candidateIds,
      minScore: this.minScore,
    });
  }

  async similar(pluginId: string, limit: number, candidateIds?: Iterable<string>): Promise<RankedIds> {
    if (limit <= 0) return [];
    const loaded = await this.sync();
    const vector = loaded?.matrix.get(pluginId);
    if (!loaded || !vector) return [];
    return loaded.matrix.nearest(vector, limit, {
      candidates: candidateIds,
      exclude: pluginId,
      minScore: this.minScore,
    });
  }

  async hybridRank(
    text: string,
    limit: number,
    options: { rankText: TextRanker; candidateIds?: Iterable<string> },
  ): Promise<RankedIds> {
    if (!text.trim() || limit <= 0) return [];
    const candidates = options.candidateIds ? new Set(options.candidateIds) : undefined;
    const depth = Math.max(limit, FUSION_DEPTH);
    const semantic = await this.rank(text, depth, candidates);
    // Text re-ranks what meaning found: ranking every plugin holding one common word of a
    // sentence costs far more at scale, and at its weight (DEFAULT_FUSION) a plugin that only
    // text finds comes after those meaning found. When meaning finds nothing, text ranks alone.
    const among = semantic.length > 0 ? semantic.map(r => r.id) : undefined;
    const lexical = await options.rankText(text, depth, among);
    const textRanks = candidates ? lexical.filter(r => candidates.has(r.id)) : lexical;
    return fuseRankings(textRanks, semantic, this.fusion).slice(0, limit);
  }

  private async embedQuery(provider: EmbeddingProvider, text: string): Promise<Float32Array> {
    const key = `${provider.id}\n${text}`;
    const cached = this.queryVectors.get(key);
    if (cached) {
      // Re-inserted so that the map's order is least recently used first.
      this.queryVectors.delete(key);
      this.queryVectors.set(key, cached);
      return cached;
    }
    const [vector] = await provider.embed([text], { purpose: 'query' });
    this.queryVectors.set(key, vector);
    if (this.queryVectors.size > QUERY_CACHE_SIZE) {
      this.queryVectors.delete(this.queryVectors.keys().next().value!);
    }
    return vector;
  }

  /** Brings the in-memory vectors up to the stored generation; concurrent calls share one load. */
  private async sync(): Promise<Loaded | undefined> {
    if (!this.loading) {
      this.loading = this.load().finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async load(attempt = 1): Promise<Loaded | undefined> {
    const state = await this.store.readState();
    if (!state) return undefined;
    const current = this.loaded;
    if (current && current.generation === state.generation) return current;

    if (current && current.provider.id === state.provider) {
      for await (const { pluginId, vector } of this.store.readVectors({
        provider: state.provider,
        afterGeneration: current.generation,
      })) {
        current.matrix.upsert(pluginId, vector);
      }
      if (state.removedGeneration > current.generation) {
        current.matrix.retain(new Set(await this.store.listEmbeddedIds(state.provider)));
      }
      // The generation read before the rows: a later write is loaded (again) next time.
      current.generation = state.generation;
      return current;
    }

    const provider = await this.providerFor(state.provider);
    if (!provider) {
      // A new model may have been activated between reading the state and reading the model: read both again.
      const now = await this.store.readState();
      if (attempt < 3 && now && now.generation !== state.generation) return this.load(attempt + 1);
      this.warnUnusable(state.provider);
      this.loaded = undefined;
      return undefined;
    }
    const matrix = VectorMatrix.create(provider.dimensions);
    for await (const { pluginId, vector } of this.store.readVectors({ provider: state.provider })) {
      if (vector.length === provider.dimensions) matrix.upsert(pluginId, vector);
    }
    this.loaded = { generation: state.generation, provider, matrix };
    return this.loaded;
  }

  /** The configured provider in the state the stored vectors were computed with, if it can be. */
  private async providerFor(storedId: string): Promise<EmbeddingProvider | undefined> {
    if (this.provider.id === storedId) return this.provider;
    if (isCorpusFitted(this.provider)) {
      const model = await this.store.readModel();
      const fitted = model ? this.provider.withModel(model) : undefined;
      if (fitted?.id === storedId) return fitted;
    }
    return undefined;
  }

  private warnUnusable(storedId: string) {
    if (this.warnedAbout === storedId) return;
    this.warnedAbout = storedId;
    this.logger?.warn(
      `Semantic index holds vectors of ${storedId}, not of the configured ${this.provider.id}; ` +
        'semantic ranking is empty until the indexer refreshes',
    );
  }
}
