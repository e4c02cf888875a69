import { hashString, TermStatistics } from './TermStatistics';

describe('TermStatistics', () => {
  it('weighs every feature the same before any document is counted', () => {
    expect(TermStatistics.empty().idf('w:anything')).toBe(1);
  });

  it('weighs rare features more than common ones', () => {
    const statistics = TermStatistics.empty();
    statistics.addDocument(['w:common', 'w:rare']);
    statistics.addDocument(['w:common']);
    statistics.addDocument(['w:common']);
    expect(statistics.idf('w:rare')).toBeGreaterThan(statistics.idf('w:common'));
    expect(statistics.idf('w:unseen')).toBeGreaterThan(statistics.idf('w:rare'));
    expect(statistics.documents).toBe(3);
  });

  it('survives serialisation unchanged', () => {
    const statistics = TermStatistics.empty();
    statistics.addDocument(['w:a', 'w:b']);
    statistics.addDocument(['w:a']);
    const restored = TermStatistics.deserialize(statistics.serialize());
    expect(restored.documents).toBe(2);
    for (const key of ['w:a', 'w:b', 'w:c']) {
      expect(restored.idf(key)).toBe(statistics.idf(key));
    }
  });

  it('rejects a corrupt model', () => {
    expect(() => TermStatistics.deserialize('{"documents":1,"frequencies":"AAAA"}')).toThrow();
  });
});

describe('hashString', () => {
  it('is FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });
});
