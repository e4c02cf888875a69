import { TopK } from './TopK';

describe('TopK', () => {
  it('keeps the best k offered, best first, ties broken by id', () => {
    const top = new TopK(3);
    for (const [id, score] of [['a', 0.1], ['b', 0.9], ['c', 0.5], ['d', 0.9], ['e', 0.2], ['f', 0.5]] as const) {
      top.offer(id, score);
    }
    expect(top.sorted()).toEqual([
      { id: 'b', score: 0.9 },
      { id: 'd', score: 0.9 },
      { id: 'c', score: 0.5 },
    ]);
  });

  it('keeps nothing for k of 0', () => {
    const top = new TopK(0);
    top.offer('a', 1);
    expect(top.sorted()).toEqual([]);
  });
});
