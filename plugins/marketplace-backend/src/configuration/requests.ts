import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';

const MAX_MESSAGE = 1000;

/** A `PUT /config` body: the whole file, or one plugin's part. */
export type SaveConfigRequest =
  | { kind: 'yaml'; yaml: string; message?: string; baseRevision: number }
  | { kind: 'plugin'; pluginId: string; config: JsonObject; message?: string; baseRevision: number };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function body(value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw new InputError('The request body must be a JSON object');
  return value;
}

function yamlOf(value: Record<string, unknown>): string {
  if (typeof value.yaml !== 'string') throw new InputError("'yaml' must be a string holding the whole managed file");
  return value.yaml;
}

function configOf(value: Record<string, unknown>): JsonObject {
  if (!isObject(value.config)) {
    throw new InputError("'config' must be a JSON object: the plugin's part of app-config, e.g. { \"aika\": { … } }");
  }
  return value.config;
}

function messageOf(value: Record<string, unknown>): string | undefined {
  const { message } = value;
  if (message === undefined || message === null) return undefined;
  if (typeof message !== 'string' || message.length > MAX_MESSAGE) {
    throw new InputError(`'message' must be a string of at most ${MAX_MESSAGE} characters`);
  }
  return message.trim() || undefined;
}

function revisionOf(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InputError(`'${name}' must be a whole number: the revision the change was made on (GET /config)`);
  }
  return value;
}

/** Reads `{ config }` of the plugin validate and preview endpoints. */
export function parseConfigBody(value: unknown): JsonObject {
  return configOf(body(value));
}

/** Reads `{ yaml }` of `POST /config/validate`. */
export function parseYamlBody(value: unknown): string {
  return yamlOf(body(value));
}

/** Reads a `PUT /config` body; `checkPluginId` validates a plugin id. */
export function parseSaveBody(value: unknown, checkPluginId: (id: string) => string): SaveConfigRequest {
  const b = body(value);
  const baseRevision = revisionOf(b.baseRevision, 'baseRevision');
  const message = messageOf(b);
  if (b.yaml !== undefined && (b.pluginId !== undefined || b.config !== undefined)) {
    throw new InputError("Give either 'yaml' (the whole file) or 'pluginId' and 'config' (one plugin's part), not both");
  }
  if (b.pluginId !== undefined) {
    if (typeof b.pluginId !== 'string') throw new InputError("'pluginId' must be a string");
    return { kind: 'plugin', pluginId: checkPluginId(b.pluginId), config: configOf(b), message, baseRevision };
  }
  if (b.config !== undefined) throw new InputError("'config' needs 'pluginId': the plugin whose part it is");
  return { kind: 'yaml', yaml: yamlOf(b), message, baseRevision };
}

/** Plugins configured in one `PUT /config/plugins`. */
const MAX_BULK_PLUGINS = 100;
const BULK_FIELDS = ['baseRevision', 'message', 'plugins'];

/** Reads a `PUT /config/plugins` body; `checkPluginId` validates a plugin id. */
export function parseBulkConfigBody(
  value: unknown,
  checkPluginId: (id: string) => string,
): { plugins: Record<string, JsonObject>; baseRevision?: number; message?: string } {
  const b = body(value);
  const unknown = Object.keys(b).find(key => !BULK_FIELDS.includes(key));
  if (unknown !== undefined) {
    throw new InputError(`Request body: unknown field '${unknown.slice(0, 80)}' (allowed: ${BULK_FIELDS.join(', ')})`);
  }
  const { plugins } = b;
  const ids = isObject(plugins) ? Object.keys(plugins) : [];
  if (!isObject(plugins) || ids.length === 0 || ids.length > MAX_BULK_PLUGINS) {
    throw new InputError(`Field 'plugins' must be an object of 1 to ${MAX_BULK_PLUGINS} plugins' parts of app-config by plugin id`);
  }
  for (const id of ids) {
    const field = `plugins.${id.slice(0, 80)}`;
    try {
      checkPluginId(id);
    } catch (error) {
      throw new InputError(`Field '${field}': ${(error as Error).message}`);
    }
    if (!isObject(plugins[id])) throw new InputError(`Field '${field}' must be an object: the plugin's part of app-config, e.g. { "todo": { … } }`);
  }
  return {
    plugins: plugins as Record<string, JsonObject>,
    baseRevision: b.baseRevision === undefined ? undefined : revisionOf(b.baseRevision, 'baseRevision'),
    message: messageOf(b),
  };
}

/** Reads a rollback body: an optional message and an optional base revision. */
export function parseRollbackBody(value: unknown): { message?: string; baseRevision?: number } {
  const b = value === undefined ? {} : body(value);
  return {
    message: messageOf(b),
    baseRevision: b.baseRevision === undefined ? undefined : revisionOf(b.baseRevision, 'baseRevision'),
  };
}

/** Reads a revision number from the path. */
export function parseRevision(raw: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw)) {
    throw new InputError(`Revision must be a whole number from 1, got '${raw.slice(0, 40)}'`);
  }
  return Number(raw);
}

/** Reads `limit` and `offset` of `GET /config/revisions`. */
export function parsePage(query: Record<string, unknown>): { limit: number; offset: number } {
  const read = (name: string, fallback: number, max: number, min: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new InputError(`Query parameter '${name}' must be a whole number from ${min} to ${max}`);
    }
    return Number(raw);
  };
  return { limit: read('limit', 50, 200, 1), offset: read('offset', 0, 1_000_000, 0) };
}
