/**
 * The state of one dependency the marketplace backend relies on.
 *
 * @public
 */
export type MarketplaceDependencyHealth = {
  status: 'ok' | 'error';
  /** What the backend is connected to, such as `postgresql` or `redis`; absent when unreachable. */
  kind?: string;
  /** Time the check took, in milliseconds. */
  latencyMs: number;
  /** Why the check failed; present only when `status` is `error`. */
  message?: string;
};

/**
 * Body of `GET /api/marketplace/health`.
 *
 * @public
 */
export type MarketplaceHealth = {
  status: 'ok' | 'degraded';
  database: MarketplaceDependencyHealth;
  cache: MarketplaceDependencyHealth;
};
