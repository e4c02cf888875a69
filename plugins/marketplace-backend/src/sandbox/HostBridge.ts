import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject, JsonValue } from '@backstage/types';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  PluginPermissionRequest,
  PluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import {
  SANDBOX_LOG_LEVELS,
  SandboxLogLevel,
  SandboxViolationKind,
} from '@internal/backstage-plugin-marketplace-node';
import { SandboxLimitError } from './errors';
import { GuardedFetcher } from './fetch/GuardedFetcher';
import { DatabaseSandboxKeyValueStore } from './kv/DatabaseSandboxKeyValueStore';
import { RateLimiter } from './limits/RateLimiter';
import { SandboxLogs } from './logs/SandboxLogs';
import { PluginMeter } from './PluginMeter';
import { HostCall } from './runtime/IsolateRuntime';
import { EffectiveLimits } from './settings';

/** What the bridge needs to know of the plugin a host call comes from. */
export interface BridgedPlugin {
  id: string;
  spec: PluginSpecification;
  limits: EffectiveLimits;
  /** The grants now, by permission name; read on every call, so changes apply at once. */
  grants: Map<string, PluginPermissionRequest>;
  config: JsonObject;
  meter: PluginMeter;
  fetchesInFlight: number;
}

/** The grant each host function needs. */
const OP_PERMISSIONS: Record<string, string> = {
  log: 'log',
  'kv.get': 'kv',
  'kv.set': 'kv',
  'kv.delete': 'kv',
  'kv.list': 'kv',
  'config.read': 'config.read',
  'catalog.getEntities': 'catalog.read',
  'catalog.getEntityByRef': 'catalog.read',
  'events.publish': 'events.publish',
  fetch: 'fetch',
};

const CATALOG_MAX_LIMIT = 500;

/** The topic a plugin's event `name` is published on. */
export function sandboxEventTopic(pluginId: string, name: string): string {
  return `sandbox.${pluginId}.${name}`;
}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InputError(`${field} must be a string`);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function catalogFilter(value: unknown): Record<string, string | string[]>[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    if (!isPlainObject(item)) throw new InputError(`filter[${i}] must be an object`);
    for (const [key, v] of Object.entries(item)) {
      const ok = typeof v === 'string' || (Array.isArray(v) && v.every(x => typeof x === 'string'));
      if (!ok) throw new InputError(`filter[${i}].${key} must be a string or a list of strings`);
    }
    return item as Record<string, string | string[]>;
  });
}

/**
 * The host side of every door out of a sandbox. Each host function call is
 * checked against the plugin's grants as they are at that moment, counted
 * against its API-call rate (logging has its own limit), and carried out for
 * the plugin only: its own keys, its own config, its own event topics, the
 * catalog with the credentials of the call's user, fetch through the
 * {@link GuardedFetcher} to its allowed hosts.
 */
export class HostBridge {
  private constructor(
    private readonly deps: {
      kv: DatabaseSandboxKeyValueStore;
      logs: SandboxLogs;
      catalog: CatalogService;
      events: EventsService;
      fetcher: GuardedFetcher;
      rateLimiter: RateLimiter;
      fetchTimeoutMs: number;
      onViolation: (pluginId: string, kind: SandboxViolationKind, message: string) => void;
    },
  ) {}

  static create(deps: HostBridge['deps']): HostBridge {
    return new HostBridge(deps);
  }

  async handle(plugin: BridgedPlugin, hostCall: HostCall): Promise<JsonValue | undefined> {
    const { op, args, call } = hostCall;
    // Every branch awaits, so that a refusal from any host function passes the catch below.
    try {
      const permission = OP_PERMISSIONS[op];
      if (!permission) throw new InputError(`there is no host function ${op}`);
      plugin.meter.recordHostCall(op);
      if (!plugin.grants.has(permission)) {
        // console.* outside a call may be ignored quietly; everything else is refused.
        if (op === 'log' && !call) return undefined;
        throw new SandboxLimitError('permission', `${op} needs the "${permission}" permission, which this plugin was not granted`);
      }
      if (op === 'log') return this.log(plugin, args);
      if (!call) throw new SandboxLimitError('permission', `${op} can only be used while the plugin is handling a call`);
      const allowed = await this.deps.rateLimiter.take(`api:${plugin.id}`, plugin.limits.apiCallsPerMinute, 60_000);
      if (!allowed) {
        throw new SandboxLimitError('rate-limit', `more than ${plugin.limits.apiCallsPerMinute} host calls a minute`);
      }
      switch (op) {
        case 'kv.get':
          return (await this.deps.kv.get(plugin.id, args[0])) ?? null;
        case 'kv.set':
          await this.deps.kv.set(plugin.id, args[0], (args[1] ?? null) as JsonValue, plugin.limits.kvQuotaBytes);
          return null;
        case 'kv.delete':
          return await this.deps.kv.delete(plugin.id, args[0]);
        case 'kv.list':
          return await this.deps.kv.list(plugin.id, args[0]);
        case 'config.read':
          return this.readConfig(plugin, args[0]);
        case 'catalog.getEntities':
        case 'catalog.getEntityByRef':
          return await this.readCatalog(op, args, call.credentials);
        case 'events.publish':
          return await this.publish(plugin, args);
        case 'fetch':
          return await this.fetch(plugin, args, call.signal, call.deadline);
        default:
          throw new InputError(`there is no host function ${op}`);
      }
    } catch (error) {
      if (error instanceof SandboxLimitError) this.deps.onViolation(plugin.id, error.kind, error.message);
      throw error;
    }
  }

  private log(plugin: BridgedPlugin, args: unknown[]): undefined {
    const level = args[0] as SandboxLogLevel;
    if (!SANDBOX_LOG_LEVELS.includes(level)) throw new InputError(`log level must be one of ${SANDBOX_LOG_LEVELS.join(', ')}`);
    const kept = this.deps.logs.plugin(plugin.id, level, str(args[1], 'message'));
    if (!kept) this.deps.onViolation(plugin.id, 'log-rate', 'logged more lines a minute than allowed; lines were dropped');
    return undefined;
  }

  private readConfig(plugin: BridgedPlugin, path: unknown): JsonValue {
    let value: JsonValue | undefined = plugin.config;
    for (const part of str(path ?? '', 'path').split('.').filter(Boolean)) {
      value = isPlainObject(value) ? (value as JsonObject)[part] : undefined;
    }
    return value ?? null;
  }

  private async readCatalog(op: string, args: unknown[], credentials: BackstageCredentials | undefined) {
    if (!credentials) {
      throw new SandboxLimitError('permission', `${op} reads as the calling user; this call has none (tasks and events run without a user)`);
    }
    if (op === 'catalog.getEntityByRef') {
      const entity = await this.deps.catalog.getEntityByRef(str(args[0], 'entityRef'), { credentials });
      return (entity as unknown as JsonValue) ?? null;
    }
    const request = isPlainObject(args[0]) ? args[0] : {};
    const limit = request.limit === undefined ? 100 : Number(request.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > CATALOG_MAX_LIMIT) {
      throw new InputError(`limit must be a whole number from 1 to ${CATALOG_MAX_LIMIT}`);
    }
    const offset = request.offset === undefined ? 0 : Number(request.offset);
    if (!Number.isInteger(offset) || offset < 0) throw new InputError('offset must be a whole number, 0 or more');
    const fields = request.fields;
    if (fields !== undefined && !(Array.isArray(fields) && fields.every(f => typeof f === 'string'))) {
      throw new InputError('fields must be a list of strings');
    }
    const { items } = await this.deps.catalog.getEntities(
      { filter: catalogFilter(request.filter), fields: fields as string[] | undefined, limit, offset },
      { credentials },
    );
    return { items: items as unknown as JsonValue[] };
  }

  private async publish(plugin: BridgedPlugin, args: unknown[]): Promise<null> {
    const name = str(args[0], 'name');
    const declared = plugin.spec.provides.some(c => c.type === 'event' && c.id === name);
    if (!declared) {
      throw new SandboxLimitError('permission', `event "${name}" is not among the events the plugin's manifest provides`);
    }
    await this.deps.events.publish({
      topic: sandboxEventTopic(plugin.id, name),
      eventPayload: args[1] ?? null,
      metadata: { 'x-marketplace-sandbox-plugin': plugin.id },
    });
    return null;
  }

  private async fetch(plugin: BridgedPlugin, args: unknown[], callSignal: AbortSignal, deadline: number) {
    const url = str(args[0], 'url');
    const init = isPlainObject(args[1]) ? args[1] : {};
    const headers = init.headers;
    if (headers !== undefined && !(isPlainObject(headers) && Object.values(headers).every(v => typeof v === 'string'))) {
      throw new InputError('headers must be an object of strings');
    }
    let body = init.body;
    const extraHeaders: Record<string, string> = {};
    if (body !== undefined && body !== null && typeof body !== 'string') {
      body = JSON.stringify(body);
      extraHeaders['content-type'] = 'application/json';
    }
    const { limits, meter } = plugin;
    const over = (message: string) => new SandboxLimitError('bandwidth', message);
    meter.addNetworkBytes(0, limits.networkBytesPerMinute, over);
    if (plugin.fetchesInFlight >= limits.maxConnections) {
      throw new SandboxLimitError('connections', `more than ${limits.maxConnections} fetches at once`);
    }
    const hosts = plugin.grants.get('fetch')?.hosts ?? [];
    const timeout = Math.max(1, Math.min(this.deps.fetchTimeoutMs, deadline - Date.now()));
    plugin.fetchesInFlight += 1;
    try {
      const response = await this.deps.fetcher.fetch(
        {
          url,
          method: typeof init.method === 'string' ? init.method : undefined,
          headers: { ...extraHeaders, ...(headers as Record<string, string> | undefined) },
          body: (body ?? undefined) as string | undefined,
        },
        {
          allowedHosts: hosts,
          signal: AbortSignal.any([callSignal, AbortSignal.timeout(timeout)]),
          onBytes: bytes => meter.addNetworkBytes(bytes, limits.networkBytesPerMinute, over),
        },
      );
      return response as unknown as JsonValue;
    } finally {
      plugin.fetchesInFlight -= 1;
    }
  }
}
