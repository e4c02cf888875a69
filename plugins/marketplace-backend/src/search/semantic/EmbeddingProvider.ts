/**
 * Turns texts into vectors whose cosine similarity says how close their
 * meanings are. Queries and documents go through the same provider.
 *
 * @public
 */
export interface EmbeddingProvider {
  /**
   * Names the vector space: two vectors are comparable only when they were
   * computed by providers with the same id. Stored with every embedding, so
   * that a change of model, dimensions or learnt statistics re-embeds.
   */
  readonly id: string;
  /** Length of every vector. */
  readonly dimensions: number;
  /**
   * One L2-normalised vector per text, in the order of the texts. Some
   * models embed a search query differently from the documents it searches;
   * `purpose` defaults to `document`.
   */
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
}

/**
 * What texts are embedded for.
 *
 * @public
 */
export interface EmbedOptions {
  purpose?: 'document' | 'query';
}

/**
 * A provider whose vectors depend on statistics of the corpus it indexes,
 * such as inverse document frequencies. The statistics are learnt once,
 * stored with the index and shared by every replica, so that queries and
 * documents are always weighted alike.
 *
 * @public
 */
export interface CorpusFittedEmbeddingProvider extends EmbeddingProvider {
  /** Learns the statistics of the documents and returns them serialised. */
  fit(documents: Iterable<string> | AsyncIterable<string>): Promise<string>;
  /** The same provider weighting by statistics that {@link CorpusFittedEmbeddingProvider.fit} returned; its id names them. */
  withModel(model: string): EmbeddingProvider;
}

/**
 * Whether a provider learns from the corpus before it embeds.
 *
 * @public
 */
export function isCorpusFitted(
  provider: EmbeddingProvider,
): provider is CorpusFittedEmbeddingProvider {
  const candidate = provider as Partial<CorpusFittedEmbeddingProvider>;
  return typeof candidate.fit === 'function' && typeof candidate.withModel === 'function';
}

/**
 * Scales a vector to unit length in place (a zero vector stays zero) and
 * returns it.
 *
 * @public
 */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  if (sum > 0) {
    const scale = 1 / Math.sqrt(sum);
    for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  }
  return vector;
}
