import { RankedIds } from '../../types';
import { stem, tokenize } from '../local/analyzer';

const STOPWORDS = new Set(
  'a an and are as at be by for from how in into is it of on or our per the to with who what which my your'.split(' '),
);

function terms(text: string): string[] {
  return tokenize(text)
    .filter(word => !STOPWORDS.has(word))
    .map(stem);
}

/**
 * A plain BM25 keyword ranking over documents, the name counted three
 * times: a stand-in for the text index in tests and benchmarks. It only
 * returns documents that share a word with the query.
 */
export class Bm25Ranking {
  private readonly lengths = new Map<string, number>();
  private readonly frequencies = new Map<string, Map<string, number>>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;

  private constructor(documents: Array<{ id: string; name: string; text: string }>) {
    for (const document of documents) {
      const words = [...terms(document.name), ...terms(document.name), ...terms(document.text)];
      const counts = new Map<string, number>();
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
      this.frequencies.set(document.id, counts);
      this.lengths.set(document.id, words.length);
      for (const word of counts.keys()) {
        this.documentFrequency.set(word, (this.documentFrequency.get(word) ?? 0) + 1);
      }
    }
    const total = [...this.lengths.values()].reduce((a, b) => a + b, 0);
    this.averageLength = total / Math.max(1, this.lengths.size);
  }

  static create(documents: Array<{ id: string; name: string; text: string }>): Bm25Ranking {
    return new Bm25Ranking(documents);
  }

  rankText = async (text: string, limit: number): Promise<RankedIds> => {
    const query = [...new Set(terms(text))];
    const count = this.lengths.size;
    const k1 = 1.2;
    const b = 0.75;
    const scored: RankedIds = [];
    for (const [id, counts] of this.frequencies) {
      let score = 0;
      for (const word of query) {
        const tf = counts.get(word) ?? 0;
        if (tf === 0) continue;
        const df = this.documentFrequency.get(word) ?? 0;
        const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
        const norm = 1 - b + (b * (this.lengths.get(id) ?? 0)) / this.averageLength;
        score += (idf * tf * (k1 + 1)) / (tf + k1 * norm);
      }
      if (score > 0) scored.push({ id, score });
    }
    return scored
      .sort((x, y) => y.score - x.score || x.id.localeCompare(y.id))
      .slice(0, limit);
  };
}
