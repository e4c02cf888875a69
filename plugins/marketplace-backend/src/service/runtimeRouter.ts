import { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import {
  marketplaceAdminPermission,
  marketplacePluginReadPermission,
} from '@internal/backstage-plugin-marketplace-common';
import {
  PluginSandbox,
  SANDBOX_LOG_LEVELS,
  SandboxLogQuery,
  SandboxPluginDefinition,
} from '@internal/backstage-plugin-marketplace-node';
import { createRequestAuthorizer } from './authorizeRequest';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { parsePluginId } from './parseQuery';

/** Where the runtime finds the bundle of a plugin it was never given (the example plugins). */
export interface SandboxDefinitionLookup {
  get(pluginId: string): Promise<SandboxPluginDefinition | undefined>;
}

const MAX_TEXT = 200;

function one(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new InputError(`Query parameter '${name}' must be given once, as a plain value`);
  return value;
}

function isoTime(query: Record<string, unknown>, name: string): string | undefined {
  const raw = one(query, name);
  if (raw === undefined) return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw new InputError(`Query parameter '${name}' must be a date and time (ISO 8601), got '${raw.slice(0, 40)}'`);
  return new Date(time).toISOString();
}

/** Reads the filters of `GET /runtime/:pluginId/logs`; each mistake names its parameter. */
export function parseLogQuery(query: Record<string, unknown>): SandboxLogQuery {
  const level = one(query, 'level');
  if (level !== undefined && !(SANDBOX_LOG_LEVELS as readonly string[]).includes(level)) {
    throw new InputError(`Query parameter 'level' must be one of ${SANDBOX_LOG_LEVELS.join(', ')}, got '${level.slice(0, 40)}'`);
  }
  const source = one(query, 'source');
  if (source !== undefined && source !== 'plugin' && source !== 'host') {
    throw new InputError(`Query parameter 'source' must be plugin or host, got '${source.slice(0, 40)}'`);
  }
  const text = one(query, 'text');
  if (text !== undefined && text.length > MAX_TEXT) {
    throw new InputError(`Query parameter 'text' must be at most ${MAX_TEXT} characters`);
  }
  const limitRaw = one(query, 'limit');
  if (limitRaw !== undefined && (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > 1000)) {
    throw new InputError(`Query parameter 'limit' must be a whole number from 1 to 1000, got '${limitRaw.slice(0, 40)}'`);
  }
  return {
    level: level as SandboxLogQuery['level'],
    source: source as SandboxLogQuery['source'],
    since: isoTime(query, 'since'),
    until: isoTime(query, 'until'),
    text,
    limit: limitRaw === undefined ? undefined : Number(limitRaw),
  };
}

function routeQuery(query: Record<string, unknown>): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string') result[key] = value;
    else if (Array.isArray(value) && value.every(v => typeof v === 'string')) result[key] = value as string[];
    else throw new InputError(`Query parameter '${key}' must be a plain value or a list of them`);
  }
  return result;
}

/**
 * The runtime of sandboxed plugins under `/api/marketplace/runtime`:
 * lifecycle (`start`, `stop`, `restart`, grants; the `marketplace.admin`
 * permission), health and metrics (`marketplace.plugin.read`), logs (admin:
 * they may hold what plugins saw), and every other path under
 * `/runtime/:pluginId/` passed to the plugin's own routes, as JSON, with the
 * caller's identity but none of the request's headers.
 *
 * @public
 */
export async function createRuntimeRouter(options: {
  sandbox: PluginSandbox;
  definitions?: SandboxDefinitionLookup;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { sandbox, definitions, httpAuth, permissions } = options;
  const router = Router();
  router.use('/runtime', express.json({ limit: '256kb' }));

  const authorize = createRequestAuthorizer({ httpAuth, permissions });
  const authorizeRead = (req: Request) => authorize(req, marketplacePluginReadPermission);
  const authorizeAdmin = (req: Request) => authorize(req, marketplaceAdminPermission);

  router.get('/runtime', async (req, res) => {
    await authorizeRead(req);
    res.json({ items: await sandbox.listPlugins() });
  });

  router.post('/runtime/:pluginId/start', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    await authorizeAdmin(req);
    const known = (await sandbox.listPlugins()).some(p => p.pluginId === pluginId);
    if (known) {
      res.json(await sandbox.restartPlugin(pluginId));
      return;
    }
    const definition = await definitions?.get(pluginId);
    if (!definition) throw new NotFoundError(`No sandboxed plugin ${pluginId} is installed or bundled`);
    res.json(await sandbox.startPlugin(definition));
  });

  router.post('/runtime/:pluginId/stop', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    await authorizeAdmin(req);
    res.json(await sandbox.stopPlugin(pluginId));
  });

  router.post('/runtime/:pluginId/restart', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    await authorizeAdmin(req);
    res.json(await sandbox.restartPlugin(pluginId));
  });

  router.post('/runtime/:pluginId/grants', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    const body = req.body;
    if (typeof body !== 'object' || body === null || typeof body.permission !== 'string') {
      throw new InputError("Body field 'permission' is required: a string such as fetch or kv");
    }
    await authorizeAdmin(req);
    res.json(await sandbox.grantPermission(pluginId, { permission: body.permission, hosts: body.hosts, reason: body.reason }));
  });

  router.delete('/runtime/:pluginId/grants/:permission', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    await authorizeAdmin(req);
    res.json(await sandbox.revokePermission(pluginId, req.params.permission));
  });

  router.get('/runtime/:pluginId/health', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    await authorizeRead(req);
    res.json(await sandbox.getHealth(pluginId));
  });

  router.get('/runtime/:pluginId/metrics', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    await authorizeRead(req);
    res.json(await sandbox.getMetrics(pluginId));
  });

  router.get('/runtime/:pluginId/logs', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    const query = parseLogQuery(req.query);
    await authorizeAdmin(req);
    res.json({ items: await sandbox.getLogs(pluginId, query) });
  });

  // Everything else under a plugin is the plugin's own.
  router.all('/runtime/:pluginId/*', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    const query = routeQuery(req.query);
    const credentials = await authorizeRead(req);
    const path = `/${(req.params as Record<string, string>)[0] ?? ''}`;
    const hasBody = req.body !== undefined && !(typeof req.body === 'object' && req.body !== null && Object.keys(req.body).length === 0 && !req.is('json'));
    const response = await sandbox.handleRequest(
      pluginId,
      { method: req.method, path, query, body: hasBody ? (req.body as JsonValue) : undefined },
      { credentials },
    );
    res.status(response.status).json(response.body);
  });

  return router;
}
