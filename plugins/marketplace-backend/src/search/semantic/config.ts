import { Config } from '@backstage/config';
import { EmbeddingProvider } from './EmbeddingProvider';
import { LocalEmbeddingProvider } from './local/LocalEmbeddingProvider';
import { OpenAiEmbeddingProvider } from './openai/OpenAiEmbeddingProvider';

/**
 * The embedding provider that `marketplace.search.embeddings` configures:
 * `provider: local` (the default; computed in process, nothing downloaded)
 * or `provider: openai` (an OpenAI-compatible endpoint: `baseUrl`, `apiKey`,
 * `model`, `dimensions`).
 *
 * @public
 */
export function createEmbeddingProvider(options: { config: Config }): EmbeddingProvider {
  const config = options.config.getOptionalConfig('marketplace.search.embeddings');
  const provider = config?.getOptionalString('provider') ?? 'local';
  const dimensions = config?.getOptionalNumber('dimensions');
  switch (provider) {
    case 'local':
      return LocalEmbeddingProvider.create({ dimensions });
    case 'openai':
      return OpenAiEmbeddingProvider.create({
        baseUrl: config?.getOptionalString('baseUrl'),
        apiKey: config?.getOptionalString('apiKey'),
        model: config?.getOptionalString('model') ?? 'text-embedding-3-small',
        dimensions,
        batchSize: config?.getOptionalNumber('batchSize'),
        timeoutMs: config?.getOptionalNumber('timeoutMs'),
      });
    default:
      throw new Error(
        `marketplace.search.embeddings.provider must be 'local' or 'openai', not '${provider}'`,
      );
  }
}
