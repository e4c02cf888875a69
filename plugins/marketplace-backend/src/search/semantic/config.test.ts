import { ConfigReader } from '@backstage/config';
import { createEmbeddingProvider } from './config';
import { LocalEmbeddingProvider } from './local/LocalEmbeddingProvider';
import { OpenAiEmbeddingProvider } from './openai/OpenAiEmbeddingProvider';

const configWith = (embeddings?: object) =>
  new ConfigReader(embeddings ? { marketplace: { search: { embeddings } } } : {});

describe('createEmbeddingProvider', () => {
  it('is the local provider of 512 dimensions when nothing is configured', () => {
    const provider = createEmbeddingProvider({ config: configWith() });
    expect(provider).toBeInstanceOf(LocalEmbeddingProvider);
    expect(provider.dimensions).toBe(512);
  });

  it('takes the dimensions of the local provider from config', () => {
    const provider = createEmbeddingProvider({ config: configWith({ provider: 'local', dimensions: 384 }) });
    expect(provider.dimensions).toBe(384);
  });

  it('builds the OpenAI-compatible provider from its keys', () => {
    const provider = createEmbeddingProvider({
      config: configWith({
        provider: 'openai',
        baseUrl: 'http://127.0.0.1:11434/v1',
        apiKey: 'secret',
        model: 'nomic-embed-text',
        dimensions: 768,
      }),
    });
    expect(provider).toBeInstanceOf(OpenAiEmbeddingProvider);
    expect(provider.id).toBe('openai:nomic-embed-text:768');
    expect(provider.dimensions).toBe(768);
  });

  it('refuses an unknown provider', () => {
    expect(() => createEmbeddingProvider({ config: configWith({ provider: 'magic' }) })).toThrow(
      /must be 'local' or 'openai'/,
    );
  });
});
