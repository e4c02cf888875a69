import { isCorpusFitted } from '../EmbeddingProvider';
import { LocalEmbeddingProvider } from './LocalEmbeddingProvider';

function cosine(a: Float32Array, b: Float32Array) {
  return a.reduce((sum, value, i) => sum + value * b[i], 0);
}

const corpus = [
  'PagerDuty\nA Backstage plugin that integrates towards PagerDuty',
  'Cost Insights\nA Backstage plugin that helps you keep track of your cloud spend',
  'Jenkins\nA Backstage plugin that integrates towards Jenkins',
  'TechDocs\nThe Backstage plugin that renders technical documentation for your components',
];

describe('LocalEmbeddingProvider', () => {
  it('returns unit vectors of the configured dimension, the same for the same text', async () => {
    const provider = LocalEmbeddingProvider.create({ dimensions: 256 });
    const [a, b, empty] = await provider.embed(['on-call incidents', 'on-call incidents', '']);
    expect(a).toHaveLength(256);
    expect(cosine(a, a)).toBeCloseTo(1, 5);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(cosine(empty, empty)).toBe(0);
  });

  it('places texts of the same meaning near each other although their words differ', async () => {
    const base = LocalEmbeddingProvider.create();
    const provider = base.withModel(await base.fit(corpus));
    const [pagerduty, cost, jenkins, techdocs] = await provider.embed(corpus);
    const [incidents, spend] = await provider.embed(['on-call incidents', 'cloud cost per team']);
    expect(cosine(incidents, pagerduty)).toBeGreaterThan(0.3);
    for (const other of [cost, jenkins, techdocs]) {
      expect(cosine(incidents, pagerduty)).toBeGreaterThan(cosine(incidents, other) + 0.2);
    }
    for (const other of [pagerduty, jenkins, techdocs]) {
      expect(cosine(spend, cost)).toBeGreaterThan(cosine(spend, other) + 0.2);
    }
  });

  it('names the learnt model in its id, and the same model gives the same vectors', async () => {
    const base = LocalEmbeddingProvider.create();
    expect(isCorpusFitted(base)).toBe(true);
    const model = await base.fit(corpus);
    const fitted = base.withModel(model);
    const again = base.withModel(model);
    expect(fitted.id).not.toBe(base.id);
    expect(fitted.id.startsWith(base.id)).toBe(true);
    expect(again.id).toBe(fitted.id);
    expect(Array.from((await again.embed(['jenkins builds']))[0])).toEqual(
      Array.from((await fitted.embed(['jenkins builds']))[0]),
    );
    expect(base.withModel(await base.fit(corpus.slice(0, 2))).id).not.toBe(fitted.id);
  });

  it('learns from an async stream of documents as from an array', async () => {
    const base = LocalEmbeddingProvider.create();
    async function* stream() {
      yield* corpus;
    }
    expect(await base.fit(stream())).toBe(await base.fit(corpus));
  });

  it('refuses a dimension too small to hold the concepts', () => {
    expect(() => LocalEmbeddingProvider.create({ dimensions: 32 })).toThrow(/at least/);
  });
});

describe('LocalEmbeddingProvider queries', () => {
  it('ignore words no document contains, which could only collide with unrelated ones, but keep their trigrams', async () => {
    const base = LocalEmbeddingProvider.create();
    const documents = ['SonarQube', 'Upptime', 'Jenkins', 'Grafana'];
    const provider = base.withModel(await base.fit(documents));
    const vectors = await provider.embed(documents);
    const [asDocument] = await provider.embed(['sonarcube']);
    const [asQuery] = await provider.embed(['sonarcube'], { purpose: 'query' });
    expect(cosine(asQuery, vectors[0])).toBeGreaterThan(cosine(asDocument, vectors[0]));
    for (const other of vectors.slice(1)) {
      expect(cosine(asQuery, vectors[0])).toBeGreaterThan(cosine(asQuery, other) + 0.2);
    }
  });
});
