import { ndcgAt, recallAt } from './relevance';

describe('ndcgAt', () => {
  const relevant = { a: 3, b: 1 };

  it('is 1 for the ideal order and 0 with nothing relevant', () => {
    expect(ndcgAt(10, ['a', 'b', 'x'], relevant)).toBeCloseTo(1);
    expect(ndcgAt(10, ['x', 'y'], relevant)).toBe(0);
  });

  it('discounts relevant results by the log of their rank', () => {
    // dcg = 1/log2(2) + 7/log2(3); ideal = 7/log2(2) + 1/log2(3)
    const expected = (1 + 7 / Math.log2(3)) / (7 + 1 / Math.log2(3));
    expect(ndcgAt(10, ['b', 'a'], relevant)).toBeCloseTo(expected);
  });

  it('looks at the first k results only', () => {
    expect(ndcgAt(1, ['x', 'a'], relevant)).toBe(0);
  });
});

describe('recallAt', () => {
  it('is the share of relevant results in the first k, out of what fits', () => {
    expect(recallAt(10, ['a', 'x'], { a: 3, b: 1 })).toBe(0.5);
    expect(recallAt(1, ['a'], { a: 3, b: 1 })).toBe(1);
    expect(recallAt(10, ['a'], {})).toBe(0);
  });
});
