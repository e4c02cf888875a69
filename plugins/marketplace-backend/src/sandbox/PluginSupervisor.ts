import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { JsonObject, JsonValue } from '@backstage/types';
import { PluginPermissionRequest } from '@internal/backstage-plugin-marketplace-common';
import {
  SandboxPluginDefinition,
  SandboxPluginHealth,
  SandboxPluginState,
  SandboxViolationKind,
} from '@internal/backstage-plugin-marketplace-node';
import { SandboxLimitError, SandboxPluginError, SandboxTerminatedError } from './errors';
import { BridgedPlugin } from './HostBridge';
import { SandboxLogs } from './logs/SandboxLogs';
import { PluginMeter } from './PluginMeter';
import { DispatchKind, HostCall, IsolateRuntime, PluginExports, Termination } from './runtime/IsolateRuntime';
import { EffectiveLimits, SandboxSettings } from './settings';

const EMPTY_EXPORTS: PluginExports = { routes: [], actions: {}, tasks: {}, events: [], start: false };

/** What a supervisor needs from the sandbox around it. */
export interface SupervisorDeps {
  settings: SandboxSettings;
  logs: SandboxLogs;
  hostCall: (plugin: BridgedPlugin, call: HostCall) => Promise<JsonValue | undefined>;
  /** Told each time an isolate of the plugin is up, with what it exports. */
  onRunning: (supervisor: PluginSupervisor) => void;
}

/**
 * Keeps one sandboxed plugin running: starts its isolate, ends it when it
 * breaks a limit, restarts it after a growing delay, and gives up after
 * `restart.maxFailures` failures within the failure window (or at once when
 * it used its whole CPU budget, or its bundle does not load).
 */
export class PluginSupervisor {
  state: SandboxPluginState = 'stopped';
  readonly plugin: BridgedPlugin;
  private runtime?: IsolateRuntime;
  private reason?: string;
  private lastError?: string;
  private startedAt?: number;
  private nextRestartAt?: number;
  private restartTimer?: NodeJS.Timeout;
  private failures: number[] = [];
  private restarts = 0;
  private generation = 0;
  private cpuUsedBeforeMs = 0;
  private everStarted = false;

  constructor(
    readonly definition: SandboxPluginDefinition,
    limits: EffectiveLimits,
    config: JsonObject,
    grants: PluginPermissionRequest[],
    private readonly deps: SupervisorDeps,
  ) {
    this.plugin = {
      id: definition.spec.id,
      spec: definition.spec,
      limits,
      grants: new Map(grants.map(g => [g.permission, g])),
      config,
      meter: new PluginMeter(),
      fetchesInFlight: 0,
    };
  }

  get id(): string {
    return this.plugin.id;
  }

  get exports(): PluginExports {
    return this.runtime && this.state === 'running' ? this.runtime.exports : EMPTY_EXPORTS;
  }

  /** Starts a new isolate; resolves when it runs or has failed. */
  async start(manual = true): Promise<void> {
    clearTimeout(this.restartTimer);
    this.nextRestartAt = undefined;
    if (manual) this.failures = [];
    if (this.everStarted) this.restarts += 1;
    this.everStarted = true;
    this.retire();
    const generation = ++this.generation;
    this.state = 'starting';
    this.reason = undefined;
    const { limits } = this.plugin;
    const { settings } = this.deps;
    let runtime: IsolateRuntime;
    try {
      runtime = await IsolateRuntime.create({
        pluginId: this.id,
        code: this.definition.code,
        limits: {
          memoryMb: limits.memoryMb,
          cpuTimeMsPerCall: limits.cpuTimeMsPerCall,
          wallClockMsPerCall: limits.wallClockMsPerCall,
          cpuTimeMsTotal: limits.cpuTimeMsTotal,
          cpuTimeMsUsedBefore: this.cpuUsedBeforeMs,
          maxResultChars: settings.maxResultChars,
          maxArgumentChars: settings.maxArgumentChars,
          maxConcurrentCalls: settings.maxConcurrentCalls,
        },
        onHostCall: call => this.deps.hostCall(this.plugin, call),
        onTerminated: termination => this.terminated(generation, termination),
      });
      if (generation !== this.generation) {
        runtime.dispose();
        return;
      }
      this.runtime = runtime;
      if (runtime.exports.start) await this.dispatchOn(runtime, 'start', 'start', null);
    } catch (error) {
      if (generation !== this.generation) return;
      this.loadFailed(error as Error);
      return;
    }
    if (generation !== this.generation || this.runtime !== runtime || runtime.terminated) return;
    this.state = 'running';
    this.startedAt = Date.now();
    this.deps.logs.host(this.id, 'info', `started version ${this.definition.spec.version} (limits: ${limits.memoryMb} MB, ${limits.cpuTimeMsPerCall} ms CPU and ${limits.wallClockMsPerCall} ms per call)`);
    this.deps.onRunning(this);
  }

  /** Stops the plugin; `failed` keeps the reason it failed. */
  stop(reason = 'stopped by request') {
    clearTimeout(this.restartTimer);
    this.nextRestartAt = undefined;
    this.generation += 1;
    this.retire();
    this.state = 'stopped';
    this.reason = reason;
    this.deps.logs.host(this.id, 'info', reason);
  }

  /** Calls into the running isolate, metered. */
  async call(
    kind: DispatchKind,
    name: string,
    payload: JsonValue,
    options: { credentials?: BackstageCredentials; user?: string } = {},
  ): Promise<JsonValue> {
    const runtime = this.runtime;
    if (!runtime || this.state !== 'running') {
      throw new SandboxTerminatedError('crash', `the plugin is ${this.state}${this.reason ? `: ${this.reason}` : ''}`);
    }
    return this.dispatchOn(runtime, kind, name, payload, options);
  }

  recordViolation(kind: SandboxViolationKind, message: string) {
    const first = this.plugin.meter.recordViolation(kind, message);
    if (first) {
      this.deps.logs.host(this.id, 'warn', `${kind}: ${message} (more of this kind within a minute are counted, not logged)`);
    }
  }

  async health(): Promise<SandboxPluginHealth> {
    const window = Date.now() - this.deps.settings.restart.failureWindowMs;
    const exports = this.exports;
    return {
      pluginId: this.id,
      version: this.definition.spec.version,
      state: this.state,
      reason: this.state === 'running' ? undefined : this.reason,
      startedAt: this.state === 'running' && this.startedAt ? new Date(this.startedAt).toISOString() : undefined,
      nextRestartAt: this.nextRestartAt ? new Date(this.nextRestartAt).toISOString() : undefined,
      failures: this.failures.filter(t => t > window).length,
      restarts: this.restarts,
      lastError: this.lastError,
      recentViolations: [...this.plugin.meter.recentViolations],
      grants: [...this.plugin.grants.values()],
      surface: {
        routes: exports.routes,
        actions: Object.keys(exports.actions),
        tasks: Object.keys(exports.tasks),
        events: exports.events,
      },
    };
  }

  async heap() {
    return this.state === 'running' ? this.runtime?.heapStatistics() : undefined;
  }

  cpuTimeMs(): number {
    return this.cpuUsedBeforeMs + (this.runtime?.cpuTimeMs ?? 0);
  }

  uptimeMs(): number {
    return this.state === 'running' && this.startedAt ? Date.now() - this.startedAt : 0;
  }

  private async dispatchOn(
    runtime: IsolateRuntime,
    kind: DispatchKind,
    name: string,
    payload: JsonValue,
    options: { credentials?: BackstageCredentials; user?: string } = {},
  ): Promise<JsonValue> {
    const started = performance.now();
    let failed = false;
    try {
      return await runtime.dispatch(kind, name, payload, options);
    } catch (error) {
      failed = true;
      if (error instanceof SandboxLimitError) this.recordViolation(error.kind, error.message);
      if (error instanceof SandboxPluginError) {
        this.lastError = `${kind} "${name}": ${error.message}`;
        this.deps.logs.host(this.id, 'error', `the ${kind} "${name}" threw: ${error.message}`);
      }
      throw error;
    } finally {
      this.plugin.meter.recordCall(performance.now() - started, failed);
    }
  }

  /** Ends the current isolate without counting a failure. */
  private retire() {
    const runtime = this.runtime;
    this.runtime = undefined;
    if (runtime) {
      this.cpuUsedBeforeMs += runtime.cpuTimeMs;
      runtime.dispose();
    }
  }

  private loadFailed(error: Error) {
    this.retire();
    const kind: SandboxViolationKind = error instanceof SandboxTerminatedError ? error.kind : 'crash';
    this.lastError = error.message;
    this.recordViolation(kind, `while starting: ${error.message}`);
    this.state = 'failed';
    this.reason = `it failed to start: ${error.message}`;
    this.deps.logs.host(this.id, 'error', `failed to start: ${error.message}`);
  }

  private terminated(generation: number, termination: Termination) {
    // While starting, start() sees the error and reports the failure itself.
    if (generation !== this.generation || this.state !== 'running') return;
    const runtime = this.runtime;
    this.runtime = undefined;
    if (runtime) this.cpuUsedBeforeMs += runtime.cpuTimeMs;
    this.lastError = termination.message;
    this.recordViolation(termination.kind, termination.message);
    const now = Date.now();
    const { restart } = this.deps.settings;
    this.failures = [...this.failures.filter(t => t > now - restart.failureWindowMs), now];
    if (termination.kind === 'cpu-total') {
      this.fail(`it ${termination.message}`);
    } else if (this.failures.length >= restart.maxFailures) {
      this.fail(`it failed ${this.failures.length} times within ${restart.failureWindowMs / 60_000} minutes; last: ${termination.message}`);
    } else {
      const delay = Math.min(restart.baseDelayMs * 2 ** (this.failures.length - 1), restart.maxDelayMs);
      this.state = 'backoff';
      this.reason = `${termination.message}; restarting in ${delay} ms`;
      this.nextRestartAt = now + delay;
      this.deps.logs.host(this.id, 'error', `ended: ${termination.message}; restarting in ${delay} ms (failure ${this.failures.length} of ${restart.maxFailures})`);
      this.restartTimer = setTimeout(() => {
        this.start(false).catch(() => undefined);
      }, delay);
      this.restartTimer.unref();
    }
  }

  private fail(reason: string) {
    this.state = 'failed';
    this.reason = reason;
    this.generation += 1;
    this.deps.logs.host(this.id, 'error', `stopped: ${reason}`);
  }
}
