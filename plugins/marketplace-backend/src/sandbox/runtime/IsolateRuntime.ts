import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { SandboxViolationKind } from '@internal/backstage-plugin-marketplace-node';
import ivm from 'isolated-vm';
import { SandboxLimitError, SandboxPluginError, SandboxTerminatedError } from '../errors';
import { BOOTSTRAP_SOURCE } from './bootstrap';

/** The kinds of call the host makes into a plugin. */
export type DispatchKind = 'route' | 'action' | 'task' | 'event' | 'start';

/** The limits an isolate enforces by itself. */
export interface RuntimeLimits {
  memoryMb: number;
  cpuTimeMsPerCall: number;
  wallClockMsPerCall: number;
  /** The whole budget, and how much earlier isolates of the plugin used of it. */
  cpuTimeMsTotal?: number;
  cpuTimeMsUsedBefore: number;
  maxResultChars: number;
  maxArgumentChars: number;
  maxConcurrentCalls: number;
}

/** A call into the plugin that is in flight; host functions act on its behalf. */
export interface ActiveCall {
  id: string;
  kind: DispatchKind;
  name: string;
  credentials?: BackstageCredentials;
  startedAt: number;
  deadline: number;
  cpuStartNs: bigint;
  /** Aborted when the call ends or its isolate is terminated. */
  signal: AbortSignal;
}

/** A host function call from the plugin, already decoded. */
export interface HostCall {
  op: string;
  args: unknown[];
  /** Undefined for calls made outside any call into the plugin (console). */
  call?: ActiveCall;
}

/** What the plugin's bundle exports, as read right after it ran. */
export interface PluginExports {
  routes: string[];
  actions: Record<
    string,
    { title: string; description: string; readOnly: boolean; destructive: boolean; idempotent: boolean }
  >;
  tasks: Record<string, { frequencyMinutes: number }>;
  events: string[];
  start: boolean;
}

/** Why an isolate was ended. */
export interface Termination {
  kind: SandboxViolationKind;
  message: string;
}

const WATCHDOG_MS = 10;
const IDLE_CHECK_MS = 500;
const NS_PER_MS = 1_000_000n;

function errorJson(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return JSON.stringify({ name: e?.name ?? 'Error', message: e?.message ?? String(error) });
}

/**
 * One isolate running one plugin's bundle. Every call into it runs with a
 * deadline and a CPU allowance that a watchdog enforces by disposing the
 * isolate (the only way to stop code that awaits in a loop); synchronous
 * runs are also cut by isolated-vm's own timeout. Memory is held by the
 * isolate's heap limit. An isolate that was ended stays ended: the
 * supervisor starts a new one.
 */
export class IsolateRuntime {
  private readonly calls = new Map<string, { call: ActiveCall; abort: AbortController; fail: (e: Error) => void }>();
  private termination?: Termination;
  private watchdog?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;
  private idleCpuNs = 0n;
  private finalCpuNs?: bigint;
  // Read by the watchdog: what an isolate that V8 disposed (memory) had used.
  private lastCpuNs = 0n;
  private callSeq = 0;

  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly limits: RuntimeLimits,
    private readonly onHostCall: (call: HostCall) => Promise<JsonValue | undefined>,
    private readonly onTerminated: (termination: Termination) => void,
    private dispatchRef?: ivm.Reference,
    private settleRef?: ivm.Reference,
    public exports: PluginExports = { routes: [], actions: {}, tasks: {}, events: [], start: false },
  ) {}

  /**
   * Creates the isolate, runs the bootstrap and the bundle, and reads what the
   * bundle exports. Throws (and leaves nothing running) when the bundle does
   * not compile or throws, or breaks a limit while loading.
   */
  static async create(options: {
    pluginId: string;
    code: string;
    limits: RuntimeLimits;
    onHostCall: (call: HostCall) => Promise<JsonValue | undefined>;
    onTerminated: (termination: Termination) => void;
  }): Promise<IsolateRuntime> {
    const { limits } = options;
    let runtime: IsolateRuntime | undefined;
    const isolate = new ivm.Isolate({
      memoryLimit: limits.memoryMb,
      onCatastrophicError: message => {
        runtime?.terminate({ kind: 'crash', message: `the isolate failed: ${message}` });
      },
    });
    try {
      const context = await isolate.createContext();
      runtime = new IsolateRuntime(isolate, context, limits, options.onHostCall, options.onTerminated);
      await runtime.load(options.pluginId, options.code);
      return runtime;
    } catch (error) {
      const termination = runtime?.classify(error);
      runtime?.stopTimers();
      if (!isolate.isDisposed) isolate.dispose();
      if (termination) throw new SandboxTerminatedError(termination.kind, termination.message);
      throw runtime ? runtime.translate(error) : error;
    }
  }

  private async load(pluginId: string, code: string) {
    const jail = this.context.global;
    await jail.set('globalThis', jail.derefInto());
    const bootstrap = await this.context.eval(BOOTSTRAP_SOURCE, { reference: true });
    const hostCall = new ivm.Callback((id: unknown, callId: unknown, op: unknown, json: unknown) => {
      this.receive(id, callId, op, json);
    });
    const api: ivm.Reference = await bootstrap.apply(
      undefined,
      [hostCall, this.limits.maxArgumentChars, this.limits.maxResultChars],
      { result: { reference: true } },
    );
    this.dispatchRef = await api.get('dispatch', { reference: true });
    this.settleRef = await api.get('settle', { reference: true });
    const script = await this.isolate.compileScript(code, { filename: `sandbox:${pluginId}/bundle.js` });
    await script.run(this.context, { timeout: this.limits.cpuTimeMsPerCall });
    const description = await this.dispatchRef.apply(undefined, ['describe', '', '', 'null', ''], {
      arguments: { copy: true },
      result: { copy: true },
      timeout: this.limits.cpuTimeMsPerCall,
    });
    this.exports = JSON.parse(String(description));
    this.idleCpuNs = this.isolate.cpuTime;
    this.startTimers();
  }

  /** Whether the isolate has been ended. */
  get terminated(): Termination | undefined {
    return this.termination;
  }

  /** CPU time of this isolate, also after it was ended. */
  get cpuTimeMs(): number {
    const ns = this.finalCpuNs ?? (this.isolate.isDisposed ? 0n : this.isolate.cpuTime);
    return Number(ns) / Number(NS_PER_MS);
  }

  get inFlight(): number {
    return this.calls.size;
  }

  async heapStatistics(): Promise<ivm.HeapStatistics | undefined> {
    if (this.isolate.isDisposed) return undefined;
    try {
      return await this.isolate.getHeapStatistics();
    } catch {
      return undefined;
    }
  }

  /**
   * Calls a handler of the plugin. Rejects with a {@link SandboxTerminatedError}
   * when the call ended the isolate, a {@link SandboxLimitError} for a result
   * over the size limit or a busy plugin, a {@link SandboxPluginError} when
   * the handler threw.
   */
  async dispatch(
    kind: DispatchKind,
    name: string,
    payload: JsonValue,
    options: { credentials?: BackstageCredentials; user?: string } = {},
  ): Promise<JsonValue> {
    if (this.termination) throw new SandboxTerminatedError(this.termination.kind, this.termination.message);
    if (this.calls.size >= this.limits.maxConcurrentCalls) {
      throw new SandboxLimitError('busy', `${this.calls.size} calls are already in flight`);
    }
    const abort = new AbortController();
    const now = Date.now();
    const call: ActiveCall = {
      id: `c${++this.callSeq}`,
      kind,
      name,
      credentials: options.credentials,
      startedAt: now,
      deadline: now + this.limits.wallClockMsPerCall,
      cpuStartNs: this.isolate.cpuTime,
      signal: abort.signal,
    };
    let fail!: (e: Error) => void;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    this.calls.set(call.id, { call, abort, fail });
    // The fast watchdog runs only while calls are in flight: idle plugins cost one slow timer each.
    if (!this.watchdog && !this.termination) {
      this.watchdog = setInterval(() => this.check(), WATCHDOG_MS);
      this.watchdog.unref();
    }
    try {
      const result = await Promise.race([
        failed,
        this.dispatchRef!.apply(
          undefined,
          [kind, name, call.id, JSON.stringify(payload ?? null), options.user ?? ''],
          { arguments: { copy: true }, result: { promise: true, copy: true }, timeout: this.limits.cpuTimeMsPerCall },
        ),
      ]);
      if (typeof result !== 'string' || result.length > this.limits.maxResultChars) {
        throw new SandboxLimitError(
          'result-size',
          `the ${kind} "${name}" returned more than ${this.limits.maxResultChars} characters of JSON`,
        );
      }
      return JSON.parse(result);
    } catch (error) {
      throw this.translate(error);
    } finally {
      this.calls.delete(call.id);
      abort.abort(new Error('the call has ended'));
      if (this.calls.size === 0) {
        clearInterval(this.watchdog);
        this.watchdog = undefined;
        // What the calls used is theirs; idle use is counted from here.
        if (!this.isolate.isDisposed) this.idleCpuNs = this.isolate.cpuTime;
      }
    }
  }

  /** Ends the isolate; calls in flight fail with the reason. */
  terminate(termination: Termination) {
    if (this.termination) return;
    this.termination = termination;
    this.stopTimers();
    this.finalCpuNs = this.isolate.isDisposed ? this.lastCpuNs : this.isolate.cpuTime;
    for (const { abort, fail } of this.calls.values()) {
      fail(new SandboxTerminatedError(termination.kind, termination.message));
      abort.abort(new Error(termination.message));
    }
    if (!this.isolate.isDisposed) {
      try {
        this.isolate.dispose();
      } catch {
        // Already gone.
      }
    }
    this.onTerminated(termination);
  }

  /** Stops the plugin on request: not a failure, so not reported as one. */
  dispose() {
    if (this.termination) return;
    this.termination = { kind: 'crash', message: 'stopped' };
    this.stopTimers();
    this.finalCpuNs = this.isolate.isDisposed ? this.lastCpuNs : this.isolate.cpuTime;
    for (const { abort, fail } of this.calls.values()) {
      fail(new SandboxTerminatedError('crash', 'the plugin was stopped'));
      abort.abort(new Error('the plugin was stopped'));
    }
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  /** Whether an error from isolated-vm means the isolate broke a limit, and which. */
  private classify(error: unknown): Termination | undefined {
    if (this.termination) return this.termination;
    if (error instanceof SandboxLimitError || error instanceof SandboxPluginError) return undefined;
    const message = String((error as Error)?.message ?? error);
    if (/memory limit/i.test(message) || (this.isolate.isDisposed && /disposed/i.test(message))) {
      return { kind: 'memory', message: `used more than its ${this.limits.memoryMb} MB of memory` };
    }
    if (/Script execution timed out/.test(message)) {
      return {
        kind: 'cpu-per-call',
        message: `ran for more than its ${this.limits.cpuTimeMsPerCall} ms of CPU time in one synchronous run`,
      };
    }
    return undefined;
  }

  private translate(error: unknown): Error {
    if (error instanceof SandboxLimitError || error instanceof SandboxTerminatedError) return error;
    const termination = this.classify(error);
    if (termination) {
      this.terminate(termination);
      return new SandboxTerminatedError(termination.kind, termination.message);
    }
    const name = (error as Error)?.name;
    const message = String((error as Error)?.message ?? error);
    // The bootstrap refuses an oversized result inside the isolate, before it is copied out.
    if (name === 'RangeError' && /^The result is \d+ characters of JSON/.test(message)) {
      return new SandboxLimitError('result-size', message);
    }
    return new SandboxPluginError(name && name !== 'Error' ? `${name}: ${message}` : message);
  }

  /** A host function call arriving from the isolate (copied strings and numbers only). */
  private receive(id: unknown, callId: unknown, op: unknown, json: unknown) {
    if (this.termination || typeof id !== 'number' || typeof op !== 'string' || typeof json !== 'string') return;
    const call = typeof callId === 'string' ? this.calls.get(callId)?.call : undefined;
    const answer = (ok: boolean, value: string | undefined) => {
      if (this.termination || !this.settleRef) return;
      this.settleRef
        .apply(undefined, [id, ok, value], { arguments: { copy: true }, timeout: this.limits.cpuTimeMsPerCall })
        .catch(error => this.translate(error));
    };
    let args: unknown;
    try {
      args = JSON.parse(json);
    } catch {
      answer(false, errorJson(new TypeError('arguments must be JSON')));
      return;
    }
    if (callId !== undefined && !call) {
      answer(false, errorJson(new SandboxLimitError('permission', `${op} was called after its call had ended`)));
      return;
    }
    this.onHostCall({ op, args: Array.isArray(args) ? args : [], call })
      .then(result => answer(true, result === undefined ? undefined : JSON.stringify(result)))
      .catch(error => answer(false, errorJson(error)));
  }

  private startTimers() {
    this.idleTimer = setInterval(() => this.checkIdle(), IDLE_CHECK_MS);
    this.idleTimer.unref();
  }

  private stopTimers() {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    clearInterval(this.idleTimer);
  }

  private check() {
    if (this.termination || this.isolate.isDisposed) return;
    const cpuNs = this.isolate.cpuTime;
    this.lastCpuNs = cpuNs;
    const { cpuTimeMsTotal, cpuTimeMsUsedBefore } = this.limits;
    if (cpuTimeMsTotal !== undefined && cpuTimeMsUsedBefore + Number(cpuNs / NS_PER_MS) > cpuTimeMsTotal) {
      this.terminate({ kind: 'cpu-total', message: `used its whole CPU budget of ${cpuTimeMsTotal} ms` });
      return;
    }
    const now = Date.now();
    for (const { call } of this.calls.values()) {
      if (now > call.deadline) {
        this.terminate({
          kind: 'wall-clock',
          message: `the ${call.kind} "${call.name}" ran for more than its ${this.limits.wallClockMsPerCall} ms`,
        });
        return;
      }
      if (cpuNs - call.cpuStartNs > BigInt(this.limits.cpuTimeMsPerCall) * NS_PER_MS) {
        this.terminate({
          kind: 'cpu-per-call',
          message: `the ${call.kind} "${call.name}" used more than its ${this.limits.cpuTimeMsPerCall} ms of CPU time`,
        });
        return;
      }
    }
  }

  // Work left running after every call returned (a promise chain fed by host
  // answers) has no call to charge: it may use at most half of each idle
  // interval. The CPU budget is checked here too.
  private checkIdle() {
    if (this.termination || this.isolate.isDisposed) return;
    this.check();
    if (this.termination || this.calls.size > 0) return;
    const cpuNs = this.isolate.cpuTime;
    const used = cpuNs - this.idleCpuNs;
    this.idleCpuNs = cpuNs;
    if (used > BigInt(IDLE_CHECK_MS / 2) * NS_PER_MS) {
      this.terminate({ kind: 'cpu-per-call', message: 'kept running after its calls had returned' });
    }
  }
}
