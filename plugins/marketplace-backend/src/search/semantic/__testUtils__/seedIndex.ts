import { LoggerService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { readFileSync } from 'node:fs';
import { DatabaseRegistryStore } from '../../../registry/DatabaseRegistryStore';
import { RegistryIngester } from '../../../registry/RegistryIngester';
import { SeedRegistrySource } from '../../../sources/seed/SeedRegistrySource';
import { DatabaseEmbeddingStore } from '../DatabaseEmbeddingStore';
import { documentText } from '../documents';
import { EmbeddingProvider } from '../EmbeddingProvider';
import { LocalEmbeddingProvider } from '../local/LocalEmbeddingProvider';
import { JudgedQuery } from '../relevance';
import { DefaultSemanticIndex } from '../SemanticIndex';
import { DefaultSemanticIndexer } from '../SemanticIndexer';
import { Bm25Ranking } from './Bm25Ranking';

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** The judged queries of bench/fixtures/judged-queries.json. */
export function loadJudgedQueries(): Array<JudgedQuery & { set: 'dev' | 'holdout' }> {
  const path = resolvePackagePath(
    '@internal/backstage-plugin-marketplace-backend',
    '../../bench/fixtures/judged-queries.json',
  );
  return JSON.parse(readFileSync(path, 'utf8')).queries;
}

/**
 * The bundled seed ingested as the registry ingests it, and a semantic index
 * built over it, on the given database; with a BM25 keyword ranking over the
 * same documents as a stand-in for the text index.
 */
export async function seedSemanticIndex(
  knex: Knex,
  options?: { provider?: EmbeddingProvider; logger?: LoggerService },
) {
  const logger = options?.logger ?? silentLogger;
  const database = mockServices.database({ knex });
  const registry = await DatabaseRegistryStore.create({ database });
  const report = await RegistryIngester.create({ store: registry, logger }).run(
    SeedRegistrySource.fromFile(),
  );
  if (report.error) throw new Error(`Seed ingestion failed: ${report.error}`);

  const store = await DatabaseEmbeddingStore.create({ database });
  const provider = options?.provider ?? LocalEmbeddingProvider.create();
  const indexer = DefaultSemanticIndexer.create({ store, provider, logger });
  const refresh = await indexer.refresh();
  const index = DefaultSemanticIndex.create({ store, provider, logger });

  const documents = [];
  for await (const document of store.allDocuments()) {
    documents.push({ id: document.id, name: document.name, text: documentText(document) });
  }
  const keywords = Bm25Ranking.create(documents);
  return { database, registry, store, provider, indexer, index, refresh, keywords, listings: report.listings };
}
