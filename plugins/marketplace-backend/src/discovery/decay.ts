import { TrendingRange, UsageEventType } from './types';

const HOUR_MS = 3_600_000;

/**
 * How much one event adds to a plugin's trending score before decay. An
 * install is a stronger signal than a look; an uninstall takes an install
 * back, so a plugin people try and drop does not trend.
 *
 * @public
 */
export const EVENT_WEIGHTS: Readonly<Record<UsageEventType, number>> = {
  view: 1,
  'search-click': 1,
  install: 5,
  uninstall: -5,
};

/** A window is cut into this many buckets; its oldest edge moves a bucket at a time. */
const BUCKETS_PER_WINDOW = 24;
/** Over a window, the weight of an event halves this many times. */
const HALF_LIVES_PER_WINDOW = 4;

/**
 * The time constants of one trending range. Scores decay exponentially:
 * an event of weight `w` at time `t` counts `w * exp(-rate * (now - t))`,
 * for events in `[from, to)` of {@link windowBounds}.
 *
 * @public
 */
export interface TrendingWindow {
  range: TrendingRange;
  windowMs: number;
  halfLifeMs: number;
  bucketMs: number;
  /** Decay rate per millisecond: ln 2 / half-life. */
  rate: number;
}

const WINDOW_HOURS: Record<TrendingRange, number> = {
  '24h': 24,
  '7d': 7 * 24,
  '30d': 30 * 24,
};

/**
 * The window of a range: 24h decays with a half-life of 6 hours in 1-hour
 * buckets, 7d with 42 hours in 7-hour buckets, 30d with 7.5 days in 30-hour
 * buckets.
 *
 * @public
 */
export function trendingWindow(range: TrendingRange): TrendingWindow {
  const windowMs = WINDOW_HOURS[range] * HOUR_MS;
  const halfLifeMs = windowMs / HALF_LIVES_PER_WINDOW;
  return {
    range,
    windowMs,
    halfLifeMs,
    bucketMs: windowMs / BUCKETS_PER_WINDOW,
    rate: Math.LN2 / halfLifeMs,
  };
}

/** The index of the bucket that holds time `t` (ms). */
export function bucketOf(window: TrendingWindow, t: number): number {
  return Math.floor(t / window.bucketMs);
}

/**
 * The buckets a query at `now` reads: from the one holding `now - window`
 * to the one holding `now`, inclusive.
 */
export function windowBuckets(window: TrendingWindow, now: number) {
  return {
    first: bucketOf(window, now - window.windowMs),
    last: bucketOf(window, now),
  };
}

/**
 * The events a query at `now` counts, `[from, to)` in ms: whole buckets, so
 * that the database and Redis, which keeps one sorted set per bucket, count
 * exactly the same events.
 */
export function windowBounds(window: TrendingWindow, now: number) {
  const { first, last } = windowBuckets(window, now);
  return { from: first * window.bucketMs, to: (last + 1) * window.bucketMs };
}

/**
 * Rounds away the last bits of floating-point noise, so that scores summed
 * in a different order (SQL, Redis) rank equal plugins equally.
 */
export function roundScore(score: number): number {
  return Number(score.toPrecision(10));
}
