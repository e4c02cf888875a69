import { normalize } from './EmbeddingProvider';
import { VectorMatrix } from './VectorMatrix';

const v = (...values: number[]) => normalize(Float32Array.from(values));

describe('VectorMatrix', () => {
  it('ranks rows by cosine similarity, best first, ties by id', () => {
    const matrix = VectorMatrix.create(2);
    matrix.upsert('east', v(1, 0));
    matrix.upsert('north', v(0, 1));
    matrix.upsert('north-east', v(1, 1));
    matrix.upsert('also-east', v(1, 0));
    const ranked = matrix.nearest(v(1, 0.1), 3);
    expect(ranked.map(r => r.id)).toEqual(['also-east', 'east', 'north-east']);
    expect(ranked[0].score).toBeCloseTo(0.995, 3);
  });

  it('keeps to candidates, leaves out the excluded id and scores below the minimum', () => {
    const matrix = VectorMatrix.create(2);
    matrix.upsert('a', v(1, 0));
    matrix.upsert('b', v(1, 1));
    matrix.upsert('c', v(0, 1));
    expect(matrix.nearest(v(1, 0), 5, { candidates: ['b', 'c', 'unknown'] }).map(r => r.id)).toEqual(['b', 'c']);
    expect(matrix.nearest(v(1, 0), 5, { exclude: 'a', minScore: 0.5 }).map(r => r.id)).toEqual(['b']);
  });

  it('replaces, removes and grows without mixing up rows', () => {
    const matrix = VectorMatrix.create(3);
    for (let i = 0; i < 200; i++) matrix.upsert(`p${i}`, v(i, 1, 0));
    matrix.upsert('p5', v(0, 0, 1));
    matrix.remove('p0');
    matrix.remove('missing');
    expect(matrix.size).toBe(199);
    expect(matrix.has('p0')).toBe(false);
    expect(matrix.nearest(v(0, 0, 1), 1)).toEqual([{ id: 'p5', score: expect.closeTo(1, 5) }]);
    // p199 moved into p0's row when p0 was removed.
    expect(Array.from(matrix.get('p199')!)).toEqual(Array.from(v(199, 1, 0)));
    matrix.retain(new Set(['p5', 'p7']));
    expect(matrix.nearest(v(1, 1, 1), 10).map(r => r.id).sort()).toEqual(['p5', 'p7']);
  });

  it('keeps the best k of many, the same as sorting everything', () => {
    const matrix = VectorMatrix.create(4);
    const query = v(0.3, -0.2, 0.9, 0.1);
    const all: Array<{ id: string; score: number }> = [];
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let i = 0; i < 1000; i++) {
      const vector = v(random(), random(), random(), random());
      matrix.upsert(`id${i}`, vector);
      all.push({ id: `id${i}`, score: vector.reduce((s, x, k) => s + x * query[k], 0) });
    }
    const expected = all.sort((a, b) => b.score - a.score).slice(0, 25).map(r => r.id);
    expect(matrix.nearest(query, 25).map(r => r.id)).toEqual(expected);
  });

  it('refuses vectors of another dimension', () => {
    const matrix = VectorMatrix.create(2);
    expect(() => matrix.upsert('a', v(1, 2, 3))).toThrow(/3 dimensions, expected 2/);
    expect(() => matrix.nearest(v(1), 1)).toThrow(/expected 2/);
  });
});

describe('VectorMatrix with sparse queries', () => {
  it('scores a query with few non-zero dimensions exactly as a dense one', () => {
    const matrix = VectorMatrix.create(16);
    const dense = normalize(Float32Array.from({ length: 16 }, (_, i) => Math.sin(i + 1)));
    const sparse = new Float32Array(16);
    sparse[3] = 0.6;
    sparse[11] = -0.8;
    matrix.upsert('dense', dense);
    matrix.upsert('sparse', sparse);
    const expected = dense.reduce((sum, x, i) => sum + x * sparse[i], 0);
    expect(matrix.nearest(sparse, 2)).toEqual([
      { id: 'sparse', score: expect.closeTo(1, 6) },
      { id: 'dense', score: expect.closeTo(expected, 6) },
    ]);
    expect(matrix.nearest(dense, 1)).toEqual([{ id: 'dense', score: expect.closeTo(1, 6) }]);
  });
});
