import { ResponseError } from '@backstage/errors';
import { EmbeddingProvider, normalize } from '../EmbeddingProvider';

/**
 * The default dimension of the OpenAI-compatible provider, that of
 * `text-embedding-3-small`.
 *
 * @public
 */
export const DEFAULT_OPENAI_DIMENSIONS = 1536;

const DEFAULT_BATCH_SIZE = 64;
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_ATTEMPTS = 3;
const MAX_RETRY_DELAY_MS = 10_000;

interface EmbeddingsResponse {
  data?: Array<{ index?: number; embedding?: unknown }>;
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Embeddings from an endpoint that speaks OpenAI's embeddings API
 * (`POST {baseUrl}/embeddings` with `model` and `input`): OpenAI itself,
 * Azure OpenAI, or a self-hosted server such as vLLM, Ollama or LocalAI.
 * Texts are sent in batches; 429 and 5xx answers are retried with backoff.
 *
 * @public
 */
export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;

  private constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined,
    private readonly model: string,
    readonly dimensions: number,
    private readonly sendDimensions: boolean,
    private readonly batchSize: number,
    private readonly timeoutMs: number,
    private readonly retryDelayMs: number,
  ) {
    this.id = `openai:${model}:${dimensions}`;
  }

  static create(options: {
    /** Default https://api.openai.com/v1. */
    baseUrl?: string;
    /** Sent as a bearer token; none for servers that want none. */
    apiKey?: string;
    model: string;
    /**
     * Length of the vectors. When given it is also sent as the request's
     * `dimensions` (models of the text-embedding-3 family shorten their
     * vectors to it); when not, the model's own length must be 1536.
     */
    dimensions?: number;
    /** Texts per request. Default 64. */
    batchSize?: number;
    /** Per request. Default 30 s. */
    timeoutMs?: number;
    /** First backoff after a 429 or 5xx, doubled each time. Default 500 ms. */
    retryDelayMs?: number;
  }): OpenAiEmbeddingProvider {
    const dimensions = options.dimensions ?? DEFAULT_OPENAI_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions <= 0) {
      throw new Error(`Embedding dimensions must be a positive integer, got ${dimensions}`);
    }
    return new OpenAiEmbeddingProvider(
      (options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, ''),
      options.apiKey,
      options.model,
      dimensions,
      options.dimensions !== undefined,
      options.batchSize ?? DEFAULT_BATCH_SIZE,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      options.retryDelayMs ?? 500,
    );
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      vectors.push(...(await this.request(texts.slice(i, i + this.batchSize))));
    }
    return vectors;
  }

  private async request(input: string[]): Promise<Float32Array[]> {
    const body = JSON.stringify({
      model: this.model,
      input,
      ...(this.sendDimensions ? { dimensions: this.dimensions } : {}),
    });
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}/embeddings`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(this.apiKey ? { Authorization: `Bearer ${this.apiKey}` } : {}),
          },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        // Connection refused or reset, or the timeout: worth another try.
        if (attempt >= MAX_ATTEMPTS) {
          throw new Error(`Embedding endpoint ${this.baseUrl} is unreachable: ${error}`);
        }
        await sleep(this.retryDelayMs * 2 ** (attempt - 1));
        continue;
      }
      if (response.ok) return this.parse(await response.json(), input.length);
      const retriable = response.status === 429 || response.status >= 500;
      if (!retriable || attempt >= MAX_ATTEMPTS) {
        throw await ResponseError.fromResponse(response);
      }
      await response.body?.cancel();
      const retryAfter = Number(response.headers.get('retry-after'));
      const delay =
        Number.isFinite(retryAfter) && retryAfter > 0
          ? retryAfter * 1000
          : this.retryDelayMs * 2 ** (attempt - 1);
      await sleep(Math.min(delay, MAX_RETRY_DELAY_MS));
    }
  }

  private parse(json: EmbeddingsResponse, expected: number): Float32Array[] {
    const data = Array.isArray(json?.data) ? json.data : [];
    if (data.length !== expected) {
      throw new Error(
        `Embedding endpoint ${this.baseUrl} returned ${data.length} embeddings for ${expected} inputs`,
      );
    }
    const vectors: Float32Array[] = new Array(expected);
    data.forEach((item, position) => {
      const index = typeof item.index === 'number' ? item.index : position;
      const embedding = item.embedding;
      if (
        !Array.isArray(embedding) ||
        embedding.length !== this.dimensions ||
        !embedding.every(value => typeof value === 'number' && Number.isFinite(value)) ||
        index < 0 ||
        index >= expected
      ) {
        throw new Error(
          `Embedding endpoint ${this.baseUrl} returned an invalid embedding (model ${this.model}, ` +
            `expected ${this.dimensions} numbers)`,
        );
      }
      vectors[index] = normalize(Float32Array.from(embedding as number[]));
    });
    if (vectors.some(v => !v)) {
      throw new Error(`Embedding endpoint ${this.baseUrl} returned duplicate indexes`);
    }
    return vectors;
  }
}
