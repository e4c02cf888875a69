import {
  bucketOf,
  EVENT_WEIGHTS,
  roundScore,
  trendingWindow,
  windowBounds,
  windowBuckets,
} from './decay';

const HOUR_MS = 3_600_000;

describe('trending decay', () => {
  it('halves an event four times over its window, in 24 buckets', () => {
    expect(trendingWindow('24h')).toMatchObject({
      windowMs: 24 * HOUR_MS,
      halfLifeMs: 6 * HOUR_MS,
      bucketMs: HOUR_MS,
    });
    expect(trendingWindow('7d')).toMatchObject({ halfLifeMs: 42 * HOUR_MS, bucketMs: 7 * HOUR_MS });
    expect(trendingWindow('30d')).toMatchObject({ halfLifeMs: 180 * HOUR_MS, bucketMs: 30 * HOUR_MS });

    const { rate, halfLifeMs } = trendingWindow('24h');
    expect(Math.exp(-rate * halfLifeMs)).toBeCloseTo(0.5, 12);
  });

  it('weighs an install as five views and takes it back on uninstall', () => {
    expect(EVENT_WEIGHTS.install).toBe(5 * EVENT_WEIGHTS.view);
    expect(EVENT_WEIGHTS.uninstall).toBe(-EVENT_WEIGHTS.install);
  });

  it('counts whole buckets from the one holding now - window to the one holding now', () => {
    const window = trendingWindow('24h');
    const now = Date.UTC(2026, 10, 20, 12, 30);
    expect(windowBuckets(window, now)).toEqual({
      first: bucketOf(window, now - 24 * HOUR_MS),
      last: bucketOf(window, now),
    });
    const { from, to } = windowBounds(window, now);
    expect(from).toBe(Date.UTC(2026, 10, 19, 12));
    expect(to).toBe(Date.UTC(2026, 10, 20, 13));
  });

  it('rounds away floating-point noise only', () => {
    expect(roundScore(0.1 + 0.2)).toBe(0.3);
    expect(roundScore(1.2345678912)).toBe(1.234567891);
  });
});
