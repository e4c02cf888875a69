import { BackstageCredentials, LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  formatFieldErrors,
  PluginPermissionRequest,
  validatePluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import {
  PluginSandbox,
  SandboxCallOptions,
  SandboxHttpRequest,
  SandboxHttpResponse,
  SandboxLogEntry,
  SandboxLogQuery,
  SandboxPluginDefinition,
  SandboxPluginHealth,
  SandboxPluginMetrics,
} from '@internal/backstage-plugin-marketplace-node';
import { SandboxLimitError, SandboxTerminatedError } from './errors';
import { HostBridge } from './HostBridge';
import { DatabaseSandboxKeyValueStore } from './kv/DatabaseSandboxKeyValueStore';
import { SandboxLogs } from './logs/SandboxLogs';
import { PluginSupervisor } from './PluginSupervisor';
import { matchRoute, toHttpResponse } from './routes';
import { DispatchKind } from './runtime/IsolateRuntime';
import { effectiveLimits, SandboxSettings } from './settings';
import { SandboxSurface } from './SandboxSurface';

/** The host capabilities a plugin can be granted. */
export const HOST_PERMISSIONS = [
  'log',
  'fetch',
  'kv',
  'config.read',
  'catalog.read',
  'events.publish',
  'events.subscribe',
] as const;

const MAX_BUNDLE_CHARS = 5 * 1024 * 1024;
const CLOSE_FLUSH_MS = 2_000;

function deepMerge(base: JsonObject, over: JsonObject): JsonObject {
  const result: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = result[key];
    const bothObjects =
      typeof current === 'object' && current !== null && !Array.isArray(current) &&
      typeof value === 'object' && value !== null && !Array.isArray(value);
    result[key] = bothObjects ? deepMerge(current as JsonObject, value as JsonObject) : value;
  }
  return result;
}

function userOf(credentials?: BackstageCredentials): string | undefined {
  const principal = credentials?.principal as { type?: string; userEntityRef?: string } | undefined;
  return principal?.type === 'user' ? principal.userEntityRef : undefined;
}

/**
 * The sandbox: one {@link PluginSupervisor} per plugin, host functions
 * through one {@link HostBridge}, what plugins offer (actions, tasks, event
 * handlers) wired into Backstage by {@link SandboxSurface}.
 *
 * @public
 */
export class DefaultPluginSandbox implements PluginSandbox {
  private readonly supervisors = new Map<string, PluginSupervisor>();

  private constructor(
    private readonly settings: SandboxSettings,
    private readonly config: Config,
    private readonly logs: SandboxLogs,
    private readonly kv: DatabaseSandboxKeyValueStore,
    private readonly bridge: HostBridge,
    private readonly surface: SandboxSurface,
    private readonly onClose: () => Promise<void>,
  ) {}

  /**
   * @param options.bridge - host functions; built by `createPluginSandbox`.
   */
  static create(options: {
    settings: SandboxSettings;
    config: Config;
    logger: LoggerService;
    logs: SandboxLogs;
    kv: DatabaseSandboxKeyValueStore;
    bridge: (onViolation: (pluginId: string, kind: SandboxLimitError['kind'], message: string) => void) => HostBridge;
    events: EventsService;
    scheduler?: SchedulerService;
    actionsRegistry?: ActionsRegistryService;
    onClose?: () => Promise<void>;
  }): DefaultPluginSandbox {
    // The bridge and the surface call back into the sandbox, which is built last.
    const self: { sandbox?: DefaultPluginSandbox } = {};
    const bridge = options.bridge((pluginId, kind, message) =>
      self.sandbox?.supervisors.get(pluginId)?.recordViolation(kind, message),
    );
    const surface = SandboxSurface.create({
      logger: options.logger,
      logs: options.logs,
      events: options.events,
      scheduler: options.scheduler,
      actionsRegistry: options.actionsRegistry,
      runTask: (pluginId, task) => self.sandbox!.runBackground(pluginId, 'task', task, null),
      deliverEvent: (topic, event) => self.sandbox!.deliverEvent(topic, event),
      invokeAction: (pluginId, action, input, credentials) =>
        self.sandbox!.invokeAction(pluginId, action, input, { credentials }),
    });
    self.sandbox = new DefaultPluginSandbox(
      options.settings,
      options.config,
      options.logs,
      options.kv,
      bridge,
      surface,
      options.onClose ?? (async () => {}),
    );
    return self.sandbox;
  }

  async startPlugin(plugin: SandboxPluginDefinition): Promise<SandboxPluginHealth> {
    const definition = this.validate(plugin);
    const { spec } = definition;
    const existing = this.supervisors.get(spec.id);
    const active = [...this.supervisors.values()].filter(
      s => s.id !== spec.id && ['starting', 'running', 'backoff'].includes(s.state),
    ).length;
    if (active >= this.settings.maxPlugins) {
      throw new ConflictError(`The sandbox already runs its maximum of ${this.settings.maxPlugins} plugins`);
    }
    existing?.stop(`replaced by version ${spec.version}`);
    const supervisor = new PluginSupervisor(
      definition,
      effectiveLimits(spec.sandbox!.limits, this.settings),
      this.pluginConfig(definition),
      definition.grants ?? spec.permissions,
      {
        settings: this.settings,
        logs: this.logs,
        hostCall: (bridged, call) => this.bridge.handle(bridged, call),
        onRunning: s => this.surface.attach(s),
      },
    );
    this.supervisors.set(spec.id, supervisor);
    await supervisor.start();
    return supervisor.health();
  }

  async stopPlugin(pluginId: string): Promise<SandboxPluginHealth> {
    const supervisor = this.get(pluginId);
    supervisor.stop();
    return supervisor.health();
  }

  async deletePluginData(pluginId: string): Promise<void> {
    const state = (await this.supervisors.get(pluginId)?.health())?.state;
    if (state && state !== 'stopped' && state !== 'failed') {
      throw new ConflictError(`${pluginId} is ${state}: stop it before deleting its data`);
    }
    await this.kv.clear(pluginId);
    this.logs.host(pluginId, 'info', 'stored data deleted');
  }

  async restartPlugin(pluginId: string): Promise<SandboxPluginHealth> {
    const supervisor = this.get(pluginId);
    this.logs.host(pluginId, 'info', 'restart requested');
    await supervisor.start();
    return supervisor.health();
  }

  async listPlugins(): Promise<SandboxPluginHealth[]> {
    return Promise.all([...this.supervisors.values()].map(s => s.health()));
  }

  async getHealth(pluginId: string): Promise<SandboxPluginHealth> {
    return this.get(pluginId).health();
  }

  async getMetrics(pluginId: string): Promise<SandboxPluginMetrics> {
    const supervisor = this.get(pluginId);
    const { meter, limits } = supervisor.plugin;
    const heap = await supervisor.heap();
    return {
      pluginId,
      state: supervisor.state,
      heap: heap && {
        usedBytes: heap.used_heap_size,
        totalBytes: heap.total_heap_size,
        limitBytes: heap.heap_size_limit,
        externalBytes: heap.externally_allocated_size,
      },
      cpuTimeMs: Math.round(supervisor.cpuTimeMs() * 100) / 100,
      cpuTimeMsBudget: limits.cpuTimeMsTotal,
      uptimeMs: supervisor.uptimeMs(),
      calls: meter.calls,
      errors: meter.errors,
      latency: meter.latency(),
      hostCalls: { ...meter.hostCalls },
      violations: { ...meter.violations },
      networkBytesThisMinute: meter.networkBytesThisMinute(),
      kvBytesUsed: await this.kv.usage(pluginId),
      kvQuotaBytes: limits.kvQuotaBytes,
      logsDropped: this.logs.dropped(pluginId),
    };
  }

  async getLogs(pluginId: string, query?: SandboxLogQuery): Promise<SandboxLogEntry[]> {
    return this.logs.query(pluginId, query);
  }

  async grantPermission(pluginId: string, grant: PluginPermissionRequest): Promise<SandboxPluginHealth> {
    const supervisor = this.get(pluginId);
    if (!(HOST_PERMISSIONS as readonly string[]).includes(grant?.permission)) {
      throw new InputError(`permission must be one of ${HOST_PERMISSIONS.join(', ')}`);
    }
    const hosts = grant.hosts;
    if (grant.permission === 'fetch' && !(Array.isArray(hosts) && hosts.length > 0 && hosts.every(h => typeof h === 'string' && h.length > 0))) {
      throw new InputError('hosts must be a non-empty list of host names for the fetch permission');
    }
    const clean: PluginPermissionRequest = { permission: grant.permission };
    if (grant.permission === 'fetch') clean.hosts = hosts;
    if (typeof grant.reason === 'string') clean.reason = grant.reason;
    supervisor.plugin.grants.set(grant.permission, clean);
    this.logs.host(pluginId, 'info', `granted ${grant.permission}${hosts ? ` (${hosts.join(', ')})` : ''}`);
    if (supervisor.state === 'running') this.surface.attach(supervisor);
    return supervisor.health();
  }

  async revokePermission(pluginId: string, permission: string): Promise<SandboxPluginHealth> {
    const supervisor = this.get(pluginId);
    if (!supervisor.plugin.grants.delete(permission)) {
      throw new NotFoundError(`Plugin ${pluginId} has no grant "${permission}"`);
    }
    this.logs.host(pluginId, 'info', `revoked ${permission}`);
    return supervisor.health();
  }

  async handleRequest(
    pluginId: string,
    request: SandboxHttpRequest,
    options: SandboxCallOptions = {},
  ): Promise<SandboxHttpResponse> {
    const supervisor = this.get(pluginId);
    const route = matchRoute(supervisor.exports.routes, request.method, request.path);
    if (!route) {
      this.requireRunning(supervisor);
      throw new NotFoundError(`Plugin ${pluginId} has no route ${request.method} ${request.path}`);
    }
    const user = userOf(options.credentials);
    const result = await this.call(supervisor, 'route', route.key, {
      method: request.method,
      path: request.path,
      params: route.params,
      query: request.query,
      body: request.body ?? null,
      user: user ?? null,
    }, options.credentials);
    return toHttpResponse(result);
  }

  async invokeAction(
    pluginId: string,
    action: string,
    input: JsonObject,
    options: SandboxCallOptions = {},
  ): Promise<JsonValue> {
    const supervisor = this.get(pluginId);
    this.requireRunning(supervisor);
    if (!supervisor.exports.actions[action]) {
      throw new NotFoundError(`Plugin ${pluginId} has no action "${action}"`);
    }
    return this.call(supervisor, 'action', action, input, options.credentials);
  }

  /** Stops every plugin and writes the logs still waiting. */
  async close(): Promise<void> {
    for (const supervisor of this.supervisors.values()) {
      if (supervisor.state !== 'stopped' && supervisor.state !== 'failed') supervisor.stop('the backend is shutting down');
    }
    // The database may already be closing: waiting on it must not hold up the shutdown.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.logs.close(),
      new Promise(resolve => {
        timer = setTimeout(resolve, CLOSE_FLUSH_MS);
      }),
    ]);
    clearTimeout(timer);
    await this.onClose();
  }

  private async call(
    supervisor: PluginSupervisor,
    kind: DispatchKind,
    name: string,
    payload: JsonValue,
    credentials?: BackstageCredentials,
  ): Promise<JsonValue> {
    try {
      return await supervisor.call(kind, name, payload, { credentials, user: userOf(credentials) });
    } catch (error) {
      if (error instanceof SandboxTerminatedError || (error instanceof SandboxLimitError && error.kind === 'busy')) {
        throw new ServiceUnavailableError(`Plugin ${supervisor.id}: ${error.message}`);
      }
      throw error;
    }
  }

  /** Tasks and events: run only where the plugin runs; failures are in its logs. */
  private async runBackground(pluginId: string, kind: DispatchKind, name: string, payload: JsonValue) {
    const supervisor = this.supervisors.get(pluginId);
    if (!supervisor || supervisor.state !== 'running') return;
    try {
      await supervisor.call(kind, name, payload);
    } catch {
      // Recorded by the supervisor: violations, host log lines, call errors.
    }
  }

  private async deliverEvent(topic: string, event: EventParams) {
    const payload = { topic, payload: (event.eventPayload ?? null) as JsonValue, metadata: (event.metadata ?? {}) as JsonObject };
    const receivers = [...this.supervisors.values()].filter(
      s => s.state === 'running' && s.exports.events.includes(topic) && SandboxSurface.maySubscribe(s, topic),
    );
    await Promise.all(receivers.map(s => this.runBackground(s.id, 'event', topic, payload)));
  }

  private get(pluginId: string): PluginSupervisor {
    const supervisor = this.supervisors.get(pluginId);
    if (!supervisor) throw new NotFoundError(`The sandbox has no plugin ${pluginId}`);
    return supervisor;
  }

  private requireRunning(supervisor: PluginSupervisor) {
    if (supervisor.state !== 'running') {
      throw new ServiceUnavailableError(`Plugin ${supervisor.id} is ${supervisor.state}`);
    }
  }

  private validate(plugin: SandboxPluginDefinition): SandboxPluginDefinition {
    if (typeof plugin !== 'object' || plugin === null) throw new InputError('the plugin definition must be an object');
    const result = validatePluginSpecification(plugin.spec);
    if (!result.valid) throw new InputError(`spec is not valid: ${formatFieldErrors(result.errors)}`);
    if (!result.value.sandbox) throw new InputError('spec/sandbox is required: entry and limits of the bundle');
    if (typeof plugin.code !== 'string' || plugin.code.length === 0 || plugin.code.length > MAX_BUNDLE_CHARS) {
      throw new InputError(`code must be the bundle's source, 1 to ${MAX_BUNDLE_CHARS} characters`);
    }
    if (plugin.grants !== undefined && !Array.isArray(plugin.grants)) {
      throw new InputError('grants must be a list of permission requests');
    }
    return plugin;
  }

  private pluginConfig(definition: SandboxPluginDefinition): JsonObject {
    const defaults = definition.spec.defaultConfig ?? {};
    if (definition.config) return deepMerge(defaults, definition.config);
    const entry = this.config
      .getOptionalConfigArray('marketplace.sandbox.plugins')
      ?.find(c => c.getOptionalString('id') === definition.spec.id);
    const configured = entry?.getOptional<JsonObject>('config');
    return configured ? deepMerge(defaults, configured) : defaults;
  }
}
