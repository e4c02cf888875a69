import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { PluginDocument } from './documents';
import { decodeVector, encodeVector } from './vectors';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-marketplace-backend',
  'migrations',
);

// Keeps every statement well under SQLite's limit of bound parameters.
const CHUNK = 200;
// Vectors are read in pages, so that loading 100k of them never holds one huge result.
const PAGE = 5000;
const INDEX_ID = 'plugins';

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/**
 * Where the semantic index stands.
 *
 * @public
 */
export interface SemanticIndexState {
  /** Bumped by every write; rows carry the generation that wrote them. */
  generation: number;
  /** The last generation that removed rows. */
  removedGeneration: number;
  /** The provider id of the current vectors. */
  provider: string;
  /** How many documents the stored model was learnt from (0 without a model). */
  modelDocuments: number;
}

/**
 * An embedding of a listing.
 *
 * @public
 */
export interface StoredEmbedding {
  pluginId: string;
  contentHash: string;
  vector: Float32Array;
}

/**
 * One write to the index: done in one transaction that bumps the generation.
 *
 * @public
 */
export interface EmbeddingWrite {
  provider: string;
  /** A newly learnt model of the provider, to share with every replica. */
  model?: { model: string; documents: number };
  /**
   * Whether the index now holds vectors of `provider` (the default). False
   * while a new provider's vectors are written batch by batch: readers keep
   * ranking with the complete set of the current one until the last write
   * of the new one activates it (with its model).
   */
  activate?: boolean;
  upserts: StoredEmbedding[];
  removals: string[];
}

/**
 * Embeddings of listings and the state of the semantic index in the
 * plugin's database (Postgres or SQLite), and the listings they are
 * computed from.
 *
 * @public
 */
export class DatabaseEmbeddingStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseEmbeddingStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseEmbeddingStore(db);
  }

  /** Every listing's id and content hash. */
  async listPluginHashes(): Promise<Map<string, string>> {
    const rows: Array<{ id: string; content_hash: string }> = await this.db('plugins').select(
      'id',
      'content_hash',
    );
    return new Map(rows.map(r => [r.id, r.content_hash]));
  }

  /** The listings of these ids that still exist, with their packages. */
  async readDocuments(ids: string[]): Promise<PluginDocument[]> {
    const documents: PluginDocument[] = [];
    for (const batch of chunks(ids)) {
      const rows = await this.db('plugins')
        .whereIn('id', batch)
        .select('id', 'content_hash', 'name', 'description', 'tags', 'category', 'author');
      const packages: Array<{ plugin_id: string; name: string; description: string | null }> =
        await this.db('plugin_packages')
          .whereIn('plugin_id', batch)
          .orderBy('name')
          .select('plugin_id', 'name', 'description');
      const byPlugin = new Map<string, PluginDocument['packages']>();
      for (const pkg of packages) {
        const list = byPlugin.get(pkg.plugin_id) ?? [];
        list.push({ name: pkg.name, description: pkg.description ?? undefined });
        byPlugin.set(pkg.plugin_id, list);
      }
      for (const row of rows) {
        documents.push({
          id: row.id,
          contentHash: row.content_hash,
          name: row.name,
          description: row.description,
          tags: JSON.parse(row.tags),
          category: row.category,
          author: row.author,
          packages: byPlugin.get(row.id) ?? [],
        });
      }
    }
    return documents;
  }

  /** Every listing, a page at a time in id order. */
  async *allDocuments(): AsyncGenerator<PluginDocument> {
    let after = '';
    for (;;) {
      const ids: string[] = (
        await this.db('plugins').where('id', '>', after).orderBy('id').limit(CHUNK).select('id')
      ).map((r: { id: string }) => r.id);
      if (ids.length === 0) return;
      yield* await this.readDocuments(ids);
      after = ids[ids.length - 1];
    }
  }

  /** What each stored embedding was computed by and from. */
  async listEmbeddingHashes(): Promise<Map<string, { provider: string; contentHash: string }>> {
    const rows: Array<{ plugin_id: string; provider: string; content_hash: string }> =
      await this.db('plugin_embeddings').select('plugin_id', 'provider', 'content_hash');
    return new Map(
      rows.map(r => [r.plugin_id, { provider: r.provider, contentHash: r.content_hash }]),
    );
  }

  async readState(): Promise<SemanticIndexState | undefined> {
    const row = await this.db('semantic_index_state')
      .where({ id: INDEX_ID })
      .first('generation', 'removed_generation', 'provider', 'model_documents');
    if (!row) return undefined;
    return {
      generation: Number(row.generation),
      removedGeneration: Number(row.removed_generation),
      provider: row.provider,
      modelDocuments: Number(row.model_documents),
    };
  }

  async readModel(): Promise<string | undefined> {
    const row = await this.db('semantic_index_state').where({ id: INDEX_ID }).first('model');
    return row?.model ?? undefined;
  }

  /**
   * Applies a write in one transaction and returns the generation it got.
   * The state row is updated first, so concurrent writers (other replicas)
   * queue on its lock and generations follow commit order: a reader that
   * saw generation N has seen every row of generation N and before.
   */
  async write(change: EmbeddingWrite): Promise<number> {
    const now = new Date().toISOString();
    return this.db.transaction(async tx => {
      await tx('semantic_index_state')
        .insert({
          id: INDEX_ID,
          generation: 0,
          removed_generation: 0,
          provider: change.provider,
          model_documents: 0,
          updated_at: now,
        })
        .onConflict('id')
        .ignore();
      await tx('semantic_index_state')
        .where({ id: INDEX_ID })
        .update({
          generation: tx.raw('generation + 1'),
          updated_at: now,
          // SET expressions read the row as it was, so this is the new generation.
          ...(change.removals.length > 0 ? { removed_generation: tx.raw('generation + 1') } : {}),
          ...(change.activate === false ? {} : { provider: change.provider }),
          ...(change.model && change.activate !== false
            ? { model: change.model.model, model_documents: change.model.documents }
            : {}),
        });
      const { generation } = await tx('semantic_index_state')
        .where({ id: INDEX_ID })
        .first('generation');
      const current = Number(generation);

      for (const batch of chunks(change.upserts, 100)) {
        await tx('plugin_embeddings')
          .insert(
            batch.map(e => ({
              plugin_id: e.pluginId,
              provider: change.provider,
              dimensions: e.vector.length,
              content_hash: e.contentHash,
              vector: encodeVector(e.vector),
              generation: current,
              updated_at: now,
            })),
          )
          .onConflict('plugin_id')
          .merge();
      }
      for (const batch of chunks(change.removals)) {
        await tx('plugin_embeddings').whereIn('plugin_id', batch).delete();
      }
      return current;
    });
  }

  /** Vectors of a provider, all or only those written after a generation. */
  async *readVectors(options: {
    provider: string;
    afterGeneration?: number;
  }): AsyncGenerator<{ pluginId: string; vector: Float32Array }> {
    let after = '';
    for (;;) {
      const rows: Array<{ plugin_id: string; vector: Uint8Array }> = await this.db(
        'plugin_embeddings',
      )
        .where({ provider: options.provider })
        .andWhere('generation', '>', options.afterGeneration ?? -1)
        .andWhere('plugin_id', '>', after)
        .orderBy('plugin_id')
        .limit(PAGE)
        .select('plugin_id', 'vector');
      for (const row of rows) {
        yield { pluginId: row.plugin_id, vector: decodeVector(row.vector) };
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].plugin_id;
    }
  }

  /** How many plugins have a vector of the active provider computed from their current content, of how many. */
  async coverage(): Promise<{ provider?: string; embedded: number; total: number }> {
    const [state, total] = await Promise.all([this.readState(), this.db('plugins').count({ n: '*' }).first()]);
    if (!state) return { embedded: 0, total: Number(total?.n ?? 0) };
    const embedded = await this.db('plugins')
      .join('plugin_embeddings', join =>
        join.on('plugin_embeddings.plugin_id', 'plugins.id').andOn('plugin_embeddings.content_hash', 'plugins.content_hash'),
      )
      .where('plugin_embeddings.provider', state.provider)
      .count({ n: '*' })
      .first();
    return { provider: state.provider, embedded: Number(embedded?.n ?? 0), total: Number(total?.n ?? 0) };
  }

  /** Ids of the plugins that have a vector of this provider. */
  async listEmbeddedIds(provider: string): Promise<string[]> {
    const rows = await this.db('plugin_embeddings').where({ provider }).select('plugin_id');
    return rows.map((r: { plugin_id: string }) => r.plugin_id);
  }
}
