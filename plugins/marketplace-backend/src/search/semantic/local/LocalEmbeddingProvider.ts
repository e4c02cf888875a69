import { createHash } from 'node:crypto';
import {
  CorpusFittedEmbeddingProvider,
  EmbeddingProvider,
  EmbedOptions,
  normalize,
} from '../EmbeddingProvider';
import { analyze, AnalyzedText } from './analyzer';
import { CONCEPTS, LEXICON_VERSION } from './lexicon';
import { hashString, TermStatistics } from './TermStatistics';

/** Bumped when the analyser or the layout of the vector changes. */
const ALGORITHM_VERSION = 1;

/** The hashed part of the vector needs room, or collisions drown the signal. */
const MIN_HASHED_DIMENSIONS = 64;

/**
 * The default dimension of the local embedding.
 *
 * @public
 */
export const DEFAULT_LOCAL_DIMENSIONS = 512;

function conceptKey(concept: number): string {
  return `c:${CONCEPTS[concept].id}`;
}

function featureKeys(analyzed: AnalyzedText): string[] {
  return [...[...analyzed.concepts.keys()].map(conceptKey), ...analyzed.terms.keys()];
}

/** Term frequency grows with the logarithm of the count: the tenth mention adds little. */
function sublinear(weight: number): number {
  return weight <= 1 ? weight : 1 + Math.log(weight);
}

/**
 * Embeddings computed in process, with no downloaded weights: a hand-written
 * lexicon maps words, phrases and product names of the Backstage and DevOps
 * world to concepts (each with a dimension of its own), and stemmed words,
 * word pairs and character trigrams are feature-hashed (with random signs)
 * into the remaining dimensions. Features are weighted by sublinear term
 * frequency times inverse document frequency learnt from the registry, and
 * the vector is L2-normalised. "on-call incidents" and a plugin that only
 * says "PagerDuty" meet in the incident-response dimension.
 *
 * @public
 */
export class LocalEmbeddingProvider implements CorpusFittedEmbeddingProvider {
  readonly id: string;

  private constructor(
    readonly dimensions: number,
    private readonly statistics: TermStatistics,
    modelFingerprint: string | undefined,
  ) {
    const base = `local-lexicon-v${ALGORITHM_VERSION}.${LEXICON_VERSION}-${dimensions}`;
    this.id = modelFingerprint ? `${base}-${modelFingerprint}` : base;
  }

  /** An unfitted provider: every feature weighs the same until {@link LocalEmbeddingProvider.withModel}. */
  static create(options?: { dimensions?: number }): LocalEmbeddingProvider {
    const dimensions = options?.dimensions ?? DEFAULT_LOCAL_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < CONCEPTS.length + MIN_HASHED_DIMENSIONS) {
      throw new Error(
        `The local embedding needs at least ${CONCEPTS.length + MIN_HASHED_DIMENSIONS} dimensions, got ${dimensions}`,
      );
    }
    return new LocalEmbeddingProvider(dimensions, TermStatistics.empty(), undefined);
  }

  async fit(documents: Iterable<string> | AsyncIterable<string>): Promise<string> {
    const statistics = TermStatistics.empty();
    for await (const document of documents) {
      statistics.addDocument(featureKeys(analyze(document)));
    }
    return statistics.serialize();
  }

  withModel(model: string): EmbeddingProvider {
    const fingerprint = createHash('sha256').update(model).digest('hex').slice(0, 12);
    return new LocalEmbeddingProvider(
      this.dimensions,
      TermStatistics.deserialize(model),
      fingerprint,
    );
  }

  async embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]> {
    return texts.map(text => this.embedOne(text, options?.purpose === 'query'));
  }

  private embedOne(text: string, query: boolean): Float32Array {
    const analyzed = analyze(text);
    const vector = new Float32Array(this.dimensions);
    for (const [concept, weight] of analyzed.concepts) {
      vector[concept] += sublinear(weight) * this.statistics.idf(conceptKey(concept));
    }
    const hashed = this.dimensions - CONCEPTS.length;
    // A query word no document contains cannot match one; with the highest weight of all
    // it would only pull the query towards whatever shares its hashed dimension. Its
    // trigrams stay, so a misspelt name still finds the name.
    const fitted = this.statistics.documents > 0;
    for (const [key, weight] of analyzed.terms) {
      if (query && fitted && !this.statistics.seen(key)) continue;
      const hash = hashString(key);
      // The low bits pick the dimension, the top bit the sign: collisions cancel out on average.
      const dimension = CONCEPTS.length + ((hash & 0x7fffffff) % hashed);
      const sign = hash & 0x80000000 ? -1 : 1;
      vector[dimension] += sign * sublinear(weight) * this.statistics.idf(key);
    }
    return normalize(vector);
  }
}
