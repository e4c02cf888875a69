import { fuseRankings, reciprocalRankFusion, weightedScoreFusion } from './fusion';

describe('reciprocalRankFusion', () => {
  it('sums weight / (k + rank) over the rankings', () => {
    const fused = reciprocalRankFusion(
      [
        { ranks: [{ id: 'a', score: 9 }, { id: 'b', score: 1 }], weight: 1 },
        { ranks: [{ id: 'b', score: 0.9 }, { id: 'c', score: 0.8 }], weight: 2 },
      ],
      10,
    );
    expect(fused.map(r => r.id)).toEqual(['b', 'c', 'a']);
    expect(fused[0].score).toBeCloseTo(1 / 12 + 2 / 11);
    expect(fused[2].score).toBeCloseTo(1 / 11);
  });
});

describe('weightedScoreFusion', () => {
  it('scales each ranking by its best score, so a weak match adds little', () => {
    const fused = weightedScoreFusion([
      { ranks: [{ id: 'a', score: 10 }, { id: 'b', score: 1 }], weight: 0.5 },
      { ranks: [{ id: 'b', score: 0.8 }, { id: 'c', score: 0.4 }], weight: 1 },
    ]);
    expect(fused).toEqual([
      { id: 'b', score: 0.05 + 1 },
      { id: 'a', score: 0.5 },
      { id: 'c', score: 0.5 },
    ]);
  });

  it('ignores an empty ranking and negative scores', () => {
    expect(
      weightedScoreFusion([
        { ranks: [], weight: 1 },
        { ranks: [{ id: 'a', score: 0.5 }, { id: 'b', score: -0.2 }], weight: 1 },
      ]),
    ).toEqual([
      { id: 'a', score: 1 },
      { id: 'b', score: 0 },
    ]);
  });
});

describe('fuseRankings', () => {
  it('uses the method and weights it is given', () => {
    const text = [{ id: 't', score: 1 }];
    const semantic = [{ id: 's', score: 1 }];
    expect(
      fuseRankings(text, semantic, { method: 'rrf', weights: { text: 1, semantic: 2 } })[0].id,
    ).toBe('s');
    expect(
      fuseRankings(text, semantic, { method: 'weighted', weights: { text: 2, semantic: 1 } })[0].id,
    ).toBe('t');
  });
});
