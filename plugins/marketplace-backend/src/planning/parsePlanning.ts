import { InputError } from '@backstage/errors';
import { InstallPlanRequest } from '@internal/backstage-plugin-marketplace-common';
import semver from 'semver';
import { parsePluginId } from '../service/parseQuery';

/** Plugins in one plan request; a wizard asks for a handful. */
export const MAX_REQUESTED_PLUGINS = 100;
/** Ids or names in one universe read. */
export const MAX_BATCH = 500;

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyFields(value: Body, allowed: string[], where: string) {
  const unknown = Object.keys(value).find(key => !allowed.includes(key));
  if (unknown !== undefined) {
    throw new InputError(`${where}: unknown field '${unknown.slice(0, 80)}' (allowed: ${allowed.join(', ')})`);
  }
}

/** Reads the body of `POST /install/plan`; each mistake is an InputError naming the field. */
export function parsePlanRequest(body: unknown): InstallPlanRequest {
  if (!isObject(body)) {
    throw new InputError('Request body must be a JSON object { plugins, allowPrerelease? }');
  }
  onlyFields(body, ['plugins', 'allowPrerelease'], 'Request body');
  const { plugins, allowPrerelease } = body;
  if (!Array.isArray(plugins) || plugins.length === 0 || plugins.length > MAX_REQUESTED_PLUGINS) {
    throw new InputError(`Field 'plugins' must be a list of 1 to ${MAX_REQUESTED_PLUGINS} plugins`);
  }
  if (allowPrerelease !== undefined && typeof allowPrerelease !== 'boolean') {
    throw new InputError("Field 'allowPrerelease' must be true or false");
  }
  return {
    plugins: plugins.map((item, i) => {
      const field = `plugins[${i}]`;
      if (!isObject(item)) throw new InputError(`Field '${field}' must be an object { pluginId, version? }`);
      onlyFields(item, ['pluginId', 'version'], `Field '${field}'`);
      if (typeof item.pluginId !== 'string') {
        throw new InputError(`Field '${field}.pluginId' must be a string`);
      }
      try {
        parsePluginId(item.pluginId);
      } catch (error) {
        throw new InputError(`Field '${field}.pluginId': ${(error as Error).message}`);
      }
      if (item.version === undefined) return { pluginId: item.pluginId };
      if (
        typeof item.version !== 'string' ||
        item.version.length > 200 ||
        semver.validRange(item.version) === null
      ) {
        throw new InputError(
          `Field '${field}.version' must be a semver version or range like 1.2.0 or ^1.2.0, got ${JSON.stringify(item.version).slice(0, 80)}`,
        );
      }
      return { pluginId: item.pluginId, version: item.version };
    }),
    ...(allowPrerelease === undefined ? {} : { allowPrerelease }),
  };
}

/** Reads the optional `prerelease=true|false` query parameter. */
export function parsePrerelease(query: Record<string, unknown>): boolean {
  const raw = query.prerelease;
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new InputError(`Query parameter 'prerelease' must be true or false, got '${String(raw).slice(0, 80)}'`);
}

/** Reads `{ <field>: string[] }` bodies of the universe reads (`ids` may come with `closure`). */
export function parseNameList(body: unknown, field: 'ids' | 'names'): string[] {
  if (!isObject(body)) throw new InputError(`Request body must be a JSON object { ${field} }`);
  onlyFields(body, field === 'ids' ? ['ids', 'closure'] : [field], 'Request body');
  if (body.closure !== undefined && typeof body.closure !== 'boolean') {
    throw new InputError("Field 'closure' must be true or false");
  }
  const list = body[field];
  if (!Array.isArray(list) || list.length > MAX_BATCH || list.some(v => typeof v !== 'string' || v.length > 214)) {
    throw new InputError(`Field '${field}' must be a list of at most ${MAX_BATCH} strings`);
  }
  return list as string[];
}

/** Reads the optional `limit` of `GET /plugins/:id/dependents`. */
export function parseLimit(query: Record<string, unknown>): number {
  const raw = query.limit;
  if (raw === undefined || raw === '') return 20;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) {
    throw new InputError(`Query parameter 'limit' must be a whole number from 1 to 100, got '${String(raw).slice(0, 80)}'`);
  }
  return Number(raw);
}
