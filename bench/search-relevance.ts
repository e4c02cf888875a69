/*
 * Search relevance on the bundled seed: nDCG@10 and recall@10 of text,
 * semantic and hybrid ranking over the hand-judged queries of
 * bench/fixtures/judged-queries.json.
 *   bash bench/run.sh search-relevance.ts [--text=index|bm25] [--worst=10] [--scale=100000]
 * Ingests the seed into an in-memory SQLite database as the registry does,
 * builds the semantic index with the offline local embedding, and ranks text
 * with the text index (DatabaseTextSearchIndex, SQLite FTS5) when it exists,
 * else with a BM25 stand-in over the same documents. Ends with the cost at
 * scale: local embedding throughput and brute-force ranking over `scale`
 * synthetic vectors (0 to skip).
 */
import knexFactory from 'knex';
import { normalize } from '../plugins/marketplace-backend/src/search/semantic/EmbeddingProvider';
import { RankedIds } from '../plugins/marketplace-backend/src/search/types';
import { FusionOptions } from '../plugins/marketplace-backend/src/search/semantic/fusion';
import { ndcgAt, recallAt } from '../plugins/marketplace-backend/src/search/semantic/relevance';
import {
  DEFAULT_FUSION,
  DefaultSemanticIndex,
  TextRanker,
} from '../plugins/marketplace-backend/src/search/semantic/SemanticIndex';
import { documentText } from '../plugins/marketplace-backend/src/search/semantic/documents';
import {
  loadJudgedQueries,
  seedSemanticIndex,
} from '../plugins/marketplace-backend/src/search/semantic/__testUtils__/seedIndex';
import { percentile } from './lib/common';

const args = new Map(
  process.argv.slice(2).map(arg => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'] as const;
  }),
);
const WORST = Number(args.get('worst') ?? 10);
const SCALE = Number(args.get('scale') ?? 100_000);
const K = 10;

type Ranker = (text: string, limit: number) => Promise<RankedIds>;

async function textRanker(
  setup: Awaited<ReturnType<typeof seedSemanticIndex>>,
): Promise<{ label: string; rankText: TextRanker }> {
  if (args.get('text') !== 'bm25') {
    try {
      // Required at run time so that this bench also runs while the text index does not exist.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DatabaseTextSearchIndex } = require('../plugins/marketplace-backend/src/search/text/DatabaseTextSearchIndex');
      const textIndex = await DatabaseTextSearchIndex.create({ database: setup.database });
      return {
        label: 'DatabaseTextSearchIndex.rankText (SQLite FTS5)',
        rankText: (text, limit, among) => textIndex.rankText(text, limit, undefined, among),
      };
    } catch (error) {
      console.log(`(text index unavailable: ${error}; using the BM25 stand-in)`);
    }
  }
  return { label: 'BM25 stand-in (src/search/semantic/__testUtils__/Bm25Ranking.ts)', rankText: setup.keywords.rankText };
}

function describeFusion(fusion: FusionOptions) {
  const { method, weights, k } = fusion;
  return method === 'rrf'
    ? `rrf k=${k ?? 60}, text ${weights.text} : semantic ${weights.semantic}`
    : `weighted, text ${weights.text} : semantic ${weights.semantic}`;
}

function mean(values: number[]) {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

async function main() {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
    // One connection: every other one would open a different, empty in-memory database.
    pool: { min: 1, max: 1 },
  });
  try {
    let started = performance.now();
    const setup = await seedSemanticIndex(knex);
    const setupMs = performance.now() - started;
    const { label: textLabel, rankText } = await textRanker(setup);
    const judged = loadJudgedQueries();

    const alternatives: FusionOptions[] = [
      DEFAULT_FUSION,
      { method: 'rrf', k: 60, weights: { text: 1, semantic: 1 } },
    ];
    const hybrids = alternatives.map(fusion => ({
      label: `hybrid (${describeFusion(fusion)})${fusion === DEFAULT_FUSION ? ' [default]' : ''}`,
      index: DefaultSemanticIndex.create({ store: setup.store, provider: setup.provider, fusion }),
    }));
    const systems: Array<{ label: string; rank: Ranker }> = [
      { label: 'text', rank: rankText },
      { label: 'semantic', rank: (text, limit) => setup.index.rank(text, limit) },
      ...hybrids.map(h => ({
        label: h.label,
        rank: (text: string, limit: number) => h.index.hybridRank(text, limit, { rankText }),
      })),
    ];

    const scores = systems.map(() => [] as Array<{ ndcg: number; recall: number }>);
    const latencies = systems.map(() => [] as number[]);
    for (const { query, relevant } of judged) {
      for (const [s, system] of systems.entries()) {
        started = performance.now();
        const ids = (await system.rank(query, K)).map(r => r.id);
        latencies[s].push(performance.now() - started);
        scores[s].push({ ndcg: ndcgAt(K, ids, relevant), recall: recallAt(K, ids, relevant) });
      }
    }

    const subsets: Array<[string, (q: (typeof judged)[number]) => boolean]> = [
      ['all', () => true],
      ['dev', q => q.set === 'dev'],
      ['holdout', q => q.set === 'holdout'],
      ['words differ', q => q.vocabulary === 'differs'],
      ['words shared', q => q.vocabulary === 'shared'],
      ['name lookups', q => q.vocabulary === 'lookup'],
    ];
    const dev = judged.filter(q => q.set === 'dev').length;
    console.log(
      `Search relevance on the bundled seed: ${setup.listings} plugins, ${judged.length} judged queries ` +
        `(${dev} dev, ${judged.length - dev} holdout)`,
    );
    console.log(`  seed ingested and ${setup.refresh.embedded} plugins embedded in ${Math.round(setupMs)} ms (provider ${setup.refresh.provider})`);
    console.log(`  text ranking: ${textLabel}\n`);
    const width = Math.max(...systems.map(s => s.label.length)) + 2;
    console.log(
      `${'nDCG@10 / recall@10'.padEnd(width)}${subsets.map(([name]) => `${name} (${judged.filter(subsets.find(x => x[0] === name)![1]).length})`.padStart(20)).join('')}`,
    );
    for (const [s, system] of systems.entries()) {
      const cells = subsets.map(([, keep]) => {
        const picked = scores[s].filter((_, q) => keep(judged[q]));
        return `${mean(picked.map(x => x.ndcg)).toFixed(3)} / ${mean(picked.map(x => x.recall)).toFixed(3)}`.padStart(20);
      });
      console.log(`${system.label.padEnd(width)}${cells.join('')}`);
    }

    console.log(`\nWorst ${WORST} queries by default hybrid nDCG@10 (text / semantic / hybrid):`);
    const hybridColumn = 2;
    const order = judged
      .map((q, i) => ({ q, i }))
      .sort((a, b) => scores[hybridColumn][a.i].ndcg - scores[hybridColumn][b.i].ndcg)
      .slice(0, WORST);
    for (const { q, i } of order) {
      const cells = [0, 1, 2].map(s => scores[s][i].ndcg.toFixed(2)).join(' / ');
      console.log(`  ${cells}   ${q.query}  [${q.set}, words ${q.vocabulary}]`);
    }

    console.log('\nLatency per query over the judged set (ms):');
    for (const [s, system] of systems.entries()) {
      const sorted = [...latencies[s]].sort((a, b) => a - b);
      console.log(
        `  ${system.label.padEnd(width)} p50 ${percentile(sorted, 50).toFixed(2).padStart(7)}   p95 ${percentile(sorted, 95).toFixed(2).padStart(7)}`,
      );
    }

    if (SCALE > 0) await measureScale(setup);
  } finally {
    await knex.destroy();
  }
}

async function measureScale(setup: Awaited<ReturnType<typeof seedSemanticIndex>>) {
  const texts: string[] = [];
  for await (const document of setup.store.allDocuments()) texts.push(documentText(document));
  const corpus = Array.from({ length: 20 }, () => texts).flat();
  let started = performance.now();
  await setup.provider.embed(corpus);
  const perSecond = corpus.length / ((performance.now() - started) / 1000);

  // Synthetic vectors, sparse like the local embedding's, written through the store and
  // loaded by a fresh index as a replica would at start.
  const dimensions = setup.provider.dimensions;
  let seed = 42;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const sparse = () => {
    const vector = new Float32Array(dimensions);
    for (let i = 0; i < 40; i++) vector[Math.floor(((random() + 1) / 2) * dimensions)] = random();
    return normalize(vector);
  };
  const synthetic = {
    id: 'bench-synthetic',
    dimensions,
    embed: async (texts_: string[]) => texts_.map(() => sparse()),
  };
  const write = async (from: number, to: number) => {
    for (let i = from; i < to; i += 1000) {
      const upserts = Array.from({ length: Math.min(1000, to - i) }, (_, k) => ({
        pluginId: `bench.plugin-${i + k}`,
        contentHash: 'synthetic',
        vector: sparse(),
      }));
      await setup.store.write({ provider: synthetic.id, upserts, removals: [] });
    }
  };
  started = performance.now();
  await write(0, SCALE);
  const writeMs = performance.now() - started;

  const index = DefaultSemanticIndex.create({ store: setup.store, provider: synthetic });
  started = performance.now();
  await index.rank('first query loads every vector', 100);
  const loadMs = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    started = performance.now();
    await index.rank(`query ${i}`, 100);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const candidates = Array.from({ length: Math.min(SCALE, 5000) }, (_, i) => `bench.plugin-${(i * 7) % SCALE}`);
  const filtered: number[] = [];
  for (let i = 0; i < 20; i++) {
    started = performance.now();
    await index.rank(`filtered ${i}`, 100, candidates);
    filtered.push(performance.now() - started);
  }
  filtered.sort((a, b) => a - b);
  await write(0, Math.ceil(SCALE / 100));
  started = performance.now();
  await index.rank('after 1% changed', 100);
  const incrementalMs = performance.now() - started;

  console.log(`\nAt scale (${dimensions} dimensions, SQLite in memory):`);
  console.log(`  local embedding: ${Math.round(perSecond).toLocaleString('en')} documents/s (seed documents, one thread)`);
  console.log(
    `  ${SCALE.toLocaleString('en')} synthetic vectors: written in ${Math.round(writeMs)} ms; ` +
      `${Math.round((SCALE * dimensions * 4) / 2 ** 20)} MiB in memory, loaded by a fresh index in ${Math.round(loadMs)} ms`,
  );
  console.log(
    `  rank (brute force over all, top 100): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms; ` +
      `among 5 000 filtered candidates p50 ${percentile(filtered, 50).toFixed(1)} ms; ` +
      `first rank after 1% was rewritten (incremental load) ${Math.round(incrementalMs)} ms`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
