import { Config } from '@backstage/config';
import { ResourceLimits } from '@internal/backstage-plugin-marketplace-common';

/**
 * The limits one plugin runs under: its manifest's `sandbox.limits`, with
 * defaults for what it leaves out and the administrator's ceilings applied.
 */
export interface EffectiveLimits {
  memoryMb: number;
  cpuTimeMsPerCall: number;
  cpuTimeMsTotal?: number;
  wallClockMsPerCall: number;
  kvQuotaBytes: number;
  networkBytesPerMinute: number;
  maxConnections: number;
  apiCallsPerMinute: number;
}

/**
 * Host-wide settings of the sandbox (`marketplace.sandbox` in app-config).
 */
export interface SandboxSettings {
  /** Ceilings over what any manifest may ask for. */
  ceilings: Omit<EffectiveLimits, 'cpuTimeMsTotal'>;
  /** Used where a manifest leaves a limit out. */
  defaults: Pick<
    EffectiveLimits,
    'kvQuotaBytes' | 'networkBytesPerMinute' | 'maxConnections' | 'apiCallsPerMinute'
  >;
  /** Largest JSON a call returns, or a host function takes, in characters. */
  maxResultChars: number;
  maxArgumentChars: number;
  /** Calls in flight into one plugin; more are refused as busy. */
  maxConcurrentCalls: number;
  /** Plugins running at once. */
  maxPlugins: number;
  logs: { linesPerMinute: number; maxMessageChars: number; bufferLines: number; retentionDays: number };
  restart: { maxFailures: number; failureWindowMs: number; baseDelayMs: number; maxDelayMs: number };
  fetch: { allowAddresses: string[]; maxResponseBytes: number; timeoutMs: number; maxRedirects: number };
  /** Ids of example plugins started with the backend. */
  autostart: string[];
}

const MiB = 1024 * 1024;

/** Reads `marketplace.sandbox`; every key has a default. */
export function readSandboxSettings(config: Config): SandboxSettings {
  const c = config.getOptionalConfig('marketplace.sandbox');
  const num = (key: string, fallback: number) => c?.getOptionalNumber(key) ?? fallback;
  return {
    ceilings: {
      memoryMb: num('ceilings.memoryMb', 256),
      cpuTimeMsPerCall: num('ceilings.cpuTimeMsPerCall', 5_000),
      wallClockMsPerCall: num('ceilings.wallClockMsPerCall', 30_000),
      kvQuotaBytes: num('ceilings.kvQuotaBytes', 64 * MiB),
      networkBytesPerMinute: num('ceilings.networkBytesPerMinute', 100 * MiB),
      maxConnections: num('ceilings.maxConnections', 16),
      apiCallsPerMinute: num('ceilings.apiCallsPerMinute', 6_000),
    },
    defaults: {
      kvQuotaBytes: MiB,
      networkBytesPerMinute: 5 * MiB,
      maxConnections: 4,
      apiCallsPerMinute: 600,
    },
    maxResultChars: num('maxResultChars', MiB),
    maxArgumentChars: num('maxArgumentChars', 256 * 1024),
    maxConcurrentCalls: num('maxConcurrentCalls', 16),
    maxPlugins: num('maxPlugins', 100),
    logs: {
      linesPerMinute: num('logs.linesPerMinute', 300),
      maxMessageChars: num('logs.maxMessageChars', 4_096),
      bufferLines: num('logs.bufferLines', 1_000),
      retentionDays: num('logs.retentionDays', 7),
    },
    restart: {
      maxFailures: num('restart.maxFailures', 5),
      failureWindowMs: num('restart.failureWindowMinutes', 10) * 60_000,
      baseDelayMs: num('restart.baseDelayMs', 1_000),
      maxDelayMs: num('restart.maxDelayMs', 60_000),
    },
    fetch: {
      allowAddresses: c?.getOptionalStringArray('fetch.allowAddresses') ?? [],
      maxResponseBytes: num('fetch.maxResponseBytes', MiB),
      timeoutMs: num('fetch.timeoutMs', 10_000),
      maxRedirects: num('fetch.maxRedirects', 5),
    },
    autostart: c?.getOptionalStringArray('autostart') ?? [],
  };
}

/** The manifest's limits, completed by the defaults and held under the ceilings. */
export function effectiveLimits(limits: ResourceLimits, settings: SandboxSettings): EffectiveLimits {
  const { ceilings, defaults } = settings;
  return {
    memoryMb: Math.max(8, Math.min(limits.memoryMb, ceilings.memoryMb)),
    cpuTimeMsPerCall: Math.min(limits.cpuTimeMsPerCall, ceilings.cpuTimeMsPerCall),
    cpuTimeMsTotal: limits.cpuTimeMsTotal,
    wallClockMsPerCall: Math.min(limits.wallClockMsPerCall, ceilings.wallClockMsPerCall),
    kvQuotaBytes: Math.min(limits.kvQuotaBytes ?? defaults.kvQuotaBytes, ceilings.kvQuotaBytes),
    networkBytesPerMinute: Math.min(
      limits.networkBytesPerMinute ?? defaults.networkBytesPerMinute,
      ceilings.networkBytesPerMinute,
    ),
    maxConnections: Math.min(limits.maxConnections ?? defaults.maxConnections, ceilings.maxConnections),
    apiCallsPerMinute: Math.min(
      limits.apiCallsPerMinute ?? defaults.apiCallsPerMinute,
      ceilings.apiCallsPerMinute,
    ),
  };
}
