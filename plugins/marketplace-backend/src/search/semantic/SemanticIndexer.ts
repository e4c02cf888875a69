import { LoggerService } from '@backstage/backend-plugin-api';
import { DatabaseEmbeddingStore, SemanticIndexState, StoredEmbedding } from './DatabaseEmbeddingStore';
import { documentText } from './documents';
import { EmbeddingProvider, isCorpusFitted } from './EmbeddingProvider';

/**
 * What a refresh of the semantic index did.
 *
 * @public
 */
export interface SemanticRefreshReport {
  /** Id of the provider the index now holds vectors of. */
  provider: string;
  embedded: number;
  removed: number;
  unchanged: number;
  /** Whether the provider learnt new corpus statistics, which re-embeds everything. */
  refitted: boolean;
  durationMs: number;
}

/**
 * Keeps the embeddings of listings in step with the registry.
 *
 * @public
 */
export interface SemanticIndexer {
  /**
   * Embeds listings that are new or whose content hash changed, re-embeds all
   * of them when the provider (or its learnt model) changed, and drops the
   * embeddings of removed listings. Call it after every registry change.
   */
  refresh(options?: { refit?: boolean }): Promise<SemanticRefreshReport>;
}

/** Re-learn corpus statistics once the registry grew or shrank by this share since they were learnt. */
const DEFAULT_REFIT_DRIFT = 0.2;
/** Up to this many listings, re-learning and re-embedding everything takes about a second: do it on any change. */
const DEFAULT_EAGER_REFIT_LIMIT = 5000;
/** Listings embedded and written per transaction. */
const DEFAULT_BATCH_SIZE = 256;

/**
 * Refreshes the semantic index in the plugin's database. Safe to run on
 * several replicas at once: writes are idempotent and each batch commits
 * with its own index generation.
 *
 * @public
 */
export class DefaultSemanticIndexer implements SemanticIndexer {
  private running: Promise<SemanticRefreshReport> | undefined;

  private constructor(
    private readonly store: DatabaseEmbeddingStore,
    private readonly provider: EmbeddingProvider,
    private readonly logger: LoggerService | undefined,
    private readonly batchSize: number,
    private readonly refitDrift: number,
    private readonly eagerRefitLimit: number,
  ) {}

  static create(options: {
    store: DatabaseEmbeddingStore;
    provider: EmbeddingProvider;
    logger?: LoggerService;
    /** Listings per transaction. Default 256. */
    batchSize?: number;
    /** Share of growth or shrinkage of the registry that makes a corpus-fitted provider re-learn. Default 0.2. */
    refitDrift?: number;
    /**
     * Up to this many listings, a corpus-fitted provider re-learns on any new,
     * changed or removed listing, so that new words are known at once.
     * Default 5000; 0 to re-learn on drift only.
     */
    eagerRefitLimit?: number;
  }): DefaultSemanticIndexer {
    return new DefaultSemanticIndexer(
      options.store,
      options.provider,
      options.logger,
      options.batchSize ?? DEFAULT_BATCH_SIZE,
      options.refitDrift ?? DEFAULT_REFIT_DRIFT,
      options.eagerRefitLimit ?? DEFAULT_EAGER_REFIT_LIMIT,
    );
  }

  async refresh(options?: { refit?: boolean }): Promise<SemanticRefreshReport> {
    // Calls that overlap in this process queue up: the second sees the first's writes.
    const previous = this.running ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.run(options?.refit ?? false));
    this.running = next;
    try {
      return await next;
    } finally {
      if (this.running === next) this.running = undefined;
    }
  }

  private async run(forceRefit: boolean): Promise<SemanticRefreshReport> {
    const started = performance.now();
    const plugins = await this.store.listPluginHashes();
    const embedded = await this.store.listEmbeddingHashes();
    const removals = [...embedded.keys()].filter(id => !plugins.has(id));
    const changed =
      removals.length > 0 ||
      [...plugins].some(([id, hash]) => embedded.get(id)?.contentHash !== hash);
    const refit =
      forceRefit || (changed && plugins.size <= this.eagerRefitLimit) ? 'now' : 'on-drift';
    const before = await this.store.readState();
    const { provider, model } = await this.activeProvider(plugins.size, refit, before);

    const stale = [...plugins]
      .filter(([id, hash]) => {
        const current = embedded.get(id);
        return !current || current.provider !== provider.id || current.contentHash !== hash;
      })
      .map(([id]) => id);

    // A new provider (or model) takes over only with its last write: until then readers rank with
    // the complete set of vectors they have, not with the first batches of the new one.
    const activate = !before || (before.provider === provider.id && !model);
    // When the batches activate (the first index ever), the first one carries the model.
    let batchModel = activate ? model : undefined;
    let written = 0;
    for (let i = 0; i < stale.length; i += this.batchSize) {
      const documents = await this.store.readDocuments(stale.slice(i, i + this.batchSize));
      if (documents.length === 0) continue;
      const vectors = await provider.embed(documents.map(documentText));
      const upserts: StoredEmbedding[] = documents.map((document, n) => {
        const vector = vectors[n];
        if (!vector || vector.length !== provider.dimensions) {
          throw new Error(
            `Embedding provider ${provider.id} returned ${vector?.length ?? 'no'} dimensions for ${document.id}, expected ${provider.dimensions}`,
          );
        }
        return { pluginId: document.id, contentHash: document.contentHash, vector };
      });
      await this.store.write({ provider: provider.id, model: batchModel, upserts, removals: [], activate });
      batchModel = undefined;
      written += upserts.length;
    }
    const state = await this.store.readState();
    if (removals.length > 0 || !activate || batchModel || state?.provider !== provider.id) {
      await this.store.write({ provider: provider.id, model: activate ? batchModel : model, upserts: [], removals });
    }

    const report: SemanticRefreshReport = {
      provider: provider.id,
      embedded: written,
      removed: removals.length,
      unchanged: plugins.size - stale.length,
      refitted: model !== undefined,
      durationMs: Math.round(performance.now() - started),
    };
    if (report.embedded + report.removed > 0 || report.refitted) {
      this.logger?.info(
        `Semantic index (${report.provider}): ${report.embedded} embedded, ${report.removed} removed, ` +
          `${report.unchanged} unchanged${report.refitted ? ', corpus statistics re-learnt' : ''} in ${report.durationMs} ms`,
      );
    }
    return report;
  }

  /**
   * The provider to embed with: as configured, or for a corpus-fitted one,
   * with the stored model when it still fits the registry, else a new one.
   */
  private async activeProvider(
    documentCount: number,
    refit: 'now' | 'on-drift',
    state: SemanticIndexState | undefined,
  ): Promise<{ provider: EmbeddingProvider; model?: { model: string; documents: number } }> {
    const configured = this.provider;
    if (!isCorpusFitted(configured)) return { provider: configured };

    if (state && refit === 'on-drift') {
      const drift = Math.abs(documentCount - state.modelDocuments) / Math.max(1, state.modelDocuments);
      const stored = await this.store.readModel();
      if (stored && drift <= this.refitDrift) {
        try {
          const provider = configured.withModel(stored);
          // A different id means the stored model was learnt by another version or configuration.
          if (provider.id === state.provider) return { provider };
        } catch (error) {
          this.logger?.warn(`Stored model of the semantic index is unreadable, learning a new one: ${error}`);
        }
      }
    }
    const model = await configured.fit(
      (async function* texts(store: DatabaseEmbeddingStore) {
        for await (const document of store.allDocuments()) yield documentText(document);
      })(this.store),
    );
    return {
      provider: configured.withModel(model),
      model: { model, documents: documentCount },
    };
  }
}
