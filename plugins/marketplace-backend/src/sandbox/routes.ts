import { JsonValue } from '@backstage/types';
import { SandboxHttpResponse } from '@internal/backstage-plugin-marketplace-node';
import { SandboxPluginError } from './errors';

/** A route a plugin exports, matched against a request. */
export interface RouteMatch {
  /** The exported key, e.g. `GET /items/:id`. */
  key: string;
  params: Record<string, string>;
}

function split(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * Finds the exported route for a request: `METHOD /path` keys whose segments
 * match literally or bind a `:name` parameter. Literal segments win over
 * parameters, so `GET /items/new` is chosen before `GET /items/:id`.
 */
export function matchRoute(keys: string[], method: string, path: string): RouteMatch | undefined {
  const segments = split(path);
  let best: { match: RouteMatch; literals: number } | undefined;
  for (const key of keys) {
    const [keyMethod, pattern] = key.trim().split(/\s+/, 2);
    if (!pattern || keyMethod.toUpperCase() !== method.toUpperCase()) continue;
    const parts = split(pattern);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      if (parts[i].startsWith(':')) {
        params[parts[i].slice(1)] = decodeURIComponent(segments[i]);
      } else if (parts[i] === segments[i]) {
        literals += 1;
      } else {
        ok = false;
      }
    }
    if (ok && (!best || literals > best.literals)) best = { match: { key, params }, literals };
  }
  return best?.match;
}

function isResponseShape(value: JsonValue): value is { status: number; body?: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.status === 'number';
}

/**
 * What a route handler returned, as an HTTP answer: `{ status, body }`, or
 * any other value as a 200 body.
 */
export function toHttpResponse(result: JsonValue): SandboxHttpResponse {
  if (!isResponseShape(result)) return { status: 200, body: result };
  const { status } = result;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new SandboxPluginError(`the route answered with status ${status}; it must be from 200 to 599`);
  }
  return { status, body: result.body ?? null };
}
