export type {
  CorpusFittedEmbeddingProvider,
  EmbeddingProvider,
  EmbedOptions,
} from './EmbeddingProvider';
export { isCorpusFitted } from './EmbeddingProvider';
export { createEmbeddingProvider } from './config';
export { DatabaseEmbeddingStore } from './DatabaseEmbeddingStore';
export type { SemanticIndexState } from './DatabaseEmbeddingStore';
export { LocalEmbeddingProvider, DEFAULT_LOCAL_DIMENSIONS } from './local/LocalEmbeddingProvider';
export { OpenAiEmbeddingProvider } from './openai/OpenAiEmbeddingProvider';
export { DefaultSemanticIndexer } from './SemanticIndexer';
export type { SemanticIndexer, SemanticRefreshReport } from './SemanticIndexer';
export { DefaultSemanticIndex, DEFAULT_FUSION } from './SemanticIndex';
export type { SemanticIndex, TextRanker } from './SemanticIndex';
export type { FusionOptions } from './fusion';
