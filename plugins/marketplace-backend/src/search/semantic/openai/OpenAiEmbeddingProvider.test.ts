import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { OpenAiEmbeddingProvider } from './OpenAiEmbeddingProvider';

interface Received {
  path: string;
  authorization?: string;
  body: { model: string; input: string[]; dimensions?: number };
}

/** Imitates POST /v1/embeddings: vector i of each text is its length, then i. */
async function startServer(
  respond: (received: Received, res: ServerResponse) => boolean = () => false,
) {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', chunk => (raw += chunk));
    req.on('end', () => {
      const entry: Received = {
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: JSON.parse(raw),
      };
      received.push(entry);
      if (respond(entry, res)) return;
      const dimensions = entry.body.dimensions ?? 4;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          object: 'list',
          model: entry.body.model,
          // Out of order on purpose: clients must use `index`.
          data: entry.body.input
            .map((text, index) => ({
              object: 'embedding',
              index,
              embedding: Array.from({ length: dimensions }, (_, i) => (i === 0 ? text.length : i)),
            }))
            .reverse(),
        }),
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

describe('OpenAiEmbeddingProvider', () => {
  it('posts model, input and dimensions with the bearer key, in batches, and returns unit vectors in input order', async () => {
    const server = await startServer();
    try {
      const provider = OpenAiEmbeddingProvider.create({
        baseUrl: `${server.baseUrl}/`,
        apiKey: 'sk-test',
        model: 'text-embedding-3-small',
        dimensions: 3,
        batchSize: 2,
      });
      expect(provider.id).toBe('openai:text-embedding-3-small:3');
      const vectors = await provider.embed(['a', 'bbb', 'cc']);
      expect(server.received).toEqual([
        {
          path: '/v1/embeddings',
          authorization: 'Bearer sk-test',
          body: { model: 'text-embedding-3-small', input: ['a', 'bbb'], dimensions: 3 },
        },
        {
          path: '/v1/embeddings',
          authorization: 'Bearer sk-test',
          body: { model: 'text-embedding-3-small', input: ['cc'], dimensions: 3 },
        },
      ]);
      const norm = (v: Float32Array) => Math.hypot(...Array.from(v));
      expect(vectors.map(v => v.length)).toEqual([3, 3, 3]);
      expect(vectors.map(norm).every(n => Math.abs(n - 1) < 1e-6)).toBe(true);
      // The first component is the text's length before normalisation: 1, 3, 2.
      expect(vectors[1][0] / vectors[1][1]).toBeCloseTo(3);
      expect(vectors[2][0] / vectors[2][1]).toBeCloseTo(2);
    } finally {
      await server.close();
    }
  });

  it('sends no key and no dimensions when none are configured', async () => {
    const server = await startServer((_received, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ data: [{ index: 0, embedding: new Array(1536).fill(0.5) }] }));
      return true;
    });
    try {
      const provider = OpenAiEmbeddingProvider.create({ baseUrl: server.baseUrl, model: 'nomic-embed-text' });
      const [vector] = await provider.embed(['x']);
      expect(vector).toHaveLength(1536);
      expect(server.received[0].authorization).toBeUndefined();
      expect(server.received[0].body).toEqual({ model: 'nomic-embed-text', input: ['x'] });
    } finally {
      await server.close();
    }
  });

  it('retries when rate limited or the server fails, then succeeds', async () => {
    let failures = 2;
    const server = await startServer((_received, res) => {
      if (failures-- <= 0) return false;
      res.statusCode = failures === 1 ? 429 : 503;
      res.end('{"error":{"message":"slow down"}}');
      return true;
    });
    try {
      const provider = OpenAiEmbeddingProvider.create({
        baseUrl: server.baseUrl,
        model: 'm',
        dimensions: 4,
        retryDelayMs: 1,
      });
      const [vector] = await provider.embed(['hello']);
      expect(vector).toHaveLength(4);
      expect(server.received).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('fails at once on a client error, with the status', async () => {
    const server = await startServer((_received, res) => {
      res.statusCode = 401;
      res.setHeader('Content-Type', 'application/json');
      res.end('{"error":{"message":"Incorrect API key provided"}}');
      return true;
    });
    try {
      const provider = OpenAiEmbeddingProvider.create({ baseUrl: server.baseUrl, model: 'm', dimensions: 4 });
      await expect(provider.embed(['x'])).rejects.toMatchObject({ name: 'ResponseError', statusCode: 401 });
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('rejects vectors of another length than configured', async () => {
    const server = await startServer((_received, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ data: [{ index: 0, embedding: [0.1, 0.2, 0.3] }] }));
      return true;
    });
    try {
      const provider = OpenAiEmbeddingProvider.create({ baseUrl: server.baseUrl, model: 'm', dimensions: 4 });
      await expect(provider.embed(['x'])).rejects.toThrow(/invalid embedding .*expected 4 numbers/);
    } finally {
      await server.close();
    }
  });

  it('says so when the endpoint is unreachable', async () => {
    const server = await startServer();
    await server.close();
    const provider = OpenAiEmbeddingProvider.create({
      baseUrl: server.baseUrl,
      model: 'm',
      dimensions: 4,
      retryDelayMs: 1,
    });
    await expect(provider.embed(['x'])).rejects.toThrow(/unreachable/);
  });
});
