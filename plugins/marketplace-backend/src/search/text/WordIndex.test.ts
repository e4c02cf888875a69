import { wordSimilarity } from './trigram';
import { WordIndex } from './WordIndex';

describe('WordIndex', () => {
  const entries = [
    ['kubernetes', 'lens', 'acme', 'kubernetes', 'lens'],
    ['kafka', 'topics'],
    ['argo', 'for', 'kubernetes'],
    ['cost', 'insights'],
  ];
  const index = WordIndex.build(entries);
  const words = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => index.word(from + i));

  it('sorts the distinct words and finds those starting with a prefix', () => {
    expect(index.size).toBe(9);
    const { from, to } = index.startingWith('k');
    expect(words(from, to)).toEqual(['kafka', 'kubernetes']);
    const none = index.startingWith('z');
    expect(none.to - none.from).toBe(0);
    expect(index.find('lens')).toBeGreaterThanOrEqual(0);
    expect(index.find('len')).toBe(-1);
  });

  it('lists the entries holding a word once each, ascending', () => {
    expect(Array.from(index.holders(index.find('kubernetes')))).toEqual([0, 2]);
    expect(Array.from(index.holders(index.find('cost')))).toEqual([3]);
  });

  it('finds the words holding enough of a text trigrams', () => {
    const query = index.query('kubrnetes');
    const found = index.sharing(query, 5).map(({ word, shared }) => [index.word(word), shared]);
    expect(found).toEqual([['kubernetes', 8]]);
    expect(index.entriesSharing(query, 5, entries.length).sort()).toEqual([0, 2]);
  });

  it('measures word similarity to an entry as pg_trgm does to its words joined', () => {
    for (const text of ['kubrnetes', 'argo kube', 'lens', 'costs insight', 'xyz']) {
      const query = index.query(text);
      entries.forEach((entry, i) => {
        expect(index.similarity(query, i)).toBeCloseTo(wordSimilarity(text, entry.join(' ')), 10);
      });
    }
  });
});
