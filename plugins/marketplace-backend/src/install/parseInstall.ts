import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { BulkUpdateRequest, InstallRequest } from '@internal/backstage-plugin-marketplace-common';
import { MAX_REQUESTED_PLUGINS, parsePlanRequest } from '../planning/parsePlanning';
import { parsePluginId } from '../service/parseQuery';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_JOBS = 200;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the body of `POST /install`; each mistake is an InputError naming the field. */
export function parseInstallRequest(body: unknown): InstallRequest {
  if (!isObject(body)) throw new InputError('Request body must be a JSON object { plugins, config?, allowPrerelease? }');
  const { config, ...rest } = body;
  const unknown = Object.keys(rest).find(key => !['plugins', 'allowPrerelease'].includes(key));
  if (unknown !== undefined) {
    throw new InputError(`Request body: unknown field '${unknown.slice(0, 80)}' (allowed: plugins, config, allowPrerelease)`);
  }
  const plan = parsePlanRequest(rest);
  if (config === undefined) return plan;
  if (!isObject(config)) throw new InputError("Field 'config' must be an object: each plugin's part of app-config by plugin id");
  for (const [pluginId, value] of Object.entries(config)) {
    if (!isObject(value)) throw new InputError(`Field 'config.${pluginId.slice(0, 80)}' must be an object, e.g. { "todo": { … } }`);
  }
  return { ...plan, config: config as Record<string, JsonObject> };
}

const UPDATE_FIELDS = ['plugins', 'allowPrerelease', 'allowBreaking'];

/** Reads the body of `POST /install/updates` (none: every update, breaking ones skipped). */
export function parseUpdateRequest(body: unknown): BulkUpdateRequest {
  if (body === undefined) return {};
  if (!isObject(body)) throw new InputError('Request body must be a JSON object { plugins?, allowPrerelease?, allowBreaking? }');
  const unknown = Object.keys(body).find(key => !UPDATE_FIELDS.includes(key));
  if (unknown !== undefined) {
    throw new InputError(`Request body: unknown field '${unknown.slice(0, 80)}' (allowed: ${UPDATE_FIELDS.join(', ')})`);
  }
  const { plugins, allowPrerelease, allowBreaking } = body;
  for (const [name, value] of Object.entries({ allowPrerelease, allowBreaking })) {
    if (value !== undefined && typeof value !== 'boolean') throw new InputError(`Field '${name}' must be true or false`);
  }
  const request: BulkUpdateRequest = {
    ...(allowPrerelease === undefined ? {} : { allowPrerelease: allowPrerelease as boolean }),
    ...(allowBreaking === undefined ? {} : { allowBreaking: allowBreaking as boolean }),
  };
  if (plugins === undefined) return request;
  if (!Array.isArray(plugins) || plugins.length === 0 || plugins.length > MAX_REQUESTED_PLUGINS) {
    throw new InputError(`Field 'plugins' must be a list of 1 to ${MAX_REQUESTED_PLUGINS} plugin ids, or left out for every update`);
  }
  plugins.forEach((pluginId, i) => {
    if (typeof pluginId !== 'string') throw new InputError(`Field 'plugins[${i}]' must be a plugin id`);
    try {
      parsePluginId(pluginId);
    } catch (error) {
      throw new InputError(`Field 'plugins[${i}]': ${(error as Error).message}`);
    }
  });
  return { ...request, plugins: plugins as string[] };
}

/** Reads a job id path parameter. */
export function parseJobId(value: string): string {
  if (!JOB_ID.test(value)) throw new InputError(`'${value.slice(0, 80)}' is not a job id`);
  return value;
}

/** Reads the query of `GET /install/jobs`. */
export function parseJobQuery(query: Record<string, unknown>): { batchId?: string; pluginId?: string; limit: number } {
  const { batchId, pluginId, limit } = query;
  if (batchId !== undefined && (typeof batchId !== 'string' || !JOB_ID.test(batchId))) {
    throw new InputError("Query parameter 'batchId' must be a batch id from POST /install");
  }
  if (pluginId !== undefined && typeof pluginId !== 'string') throw new InputError("Query parameter 'pluginId' must be given once");
  let count = 50;
  if (limit !== undefined) {
    if (typeof limit !== 'string' || !/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_JOBS) {
      throw new InputError(`Query parameter 'limit' must be a whole number from 1 to ${MAX_JOBS}`);
    }
    count = Number(limit);
  }
  return { batchId: batchId as string | undefined, pluginId: pluginId as string | undefined, limit: count };
}

/** The event id to stream after: `Last-Event-ID` (a reconnecting EventSource) or `?after=`. */
export function parseAfter(header: string | undefined, query: Record<string, unknown>): number {
  const raw = header ?? query.after;
  if (raw === undefined || raw === '') return 0;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) {
    throw new InputError("'after' (or the Last-Event-ID header) must be the id of an event");
  }
  return Number(raw);
}

/** Reads `?confirm=true|false`. */
export function parseConfirm(query: Record<string, unknown>): boolean {
  const raw = query.confirm;
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new InputError(`Query parameter 'confirm' must be true or false, got '${String(raw).slice(0, 80)}'`);
}

/** Which replicas `POST /install/restart` restarts: the one answering (the default) or all, one at a time. */
export function parseRestartScope(body: unknown): 'this' | 'all' {
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return 'this';
  if (typeof body !== 'object' || Array.isArray(body)) throw new InputError('The request body must be a JSON object');
  const { replicas, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new InputError(`Unknown field '${unknown[0]}': the body takes only 'replicas'`);
  if (replicas === undefined || replicas === 'this' || replicas === 'all') return (replicas ?? 'this') as 'this' | 'all';
  throw new InputError(`Field 'replicas' must be 'this' or 'all', got ${JSON.stringify(replicas).slice(0, 80)}`);
}
