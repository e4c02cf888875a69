import {
  SandboxLatency,
  SandboxViolation,
  SandboxViolationKind,
} from '@internal/backstage-plugin-marketplace-node';

const LATENCY_SAMPLES = 1_000;
const RECENT_VIOLATIONS = 20;

function nearestRank(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * What one plugin did since it was first started: calls, errors and their
 * latency (over the newest 1000 calls), host function calls, violations,
 * network bytes in the current minute.
 */
export class PluginMeter {
  calls = 0;
  errors = 0;
  readonly hostCalls: Record<string, number> = {};
  readonly violations: Partial<Record<SandboxViolationKind, number>> = {};
  readonly recentViolations: SandboxViolation[] = [];
  private readonly latencies: number[] = [];
  private latencyIndex = 0;
  private network = { minute: 0, bytes: 0 };

  recordCall(durationMs: number, failed: boolean) {
    this.calls += 1;
    if (failed) this.errors += 1;
    if (this.latencies.length < LATENCY_SAMPLES) {
      this.latencies.push(durationMs);
    } else {
      this.latencies[this.latencyIndex] = durationMs;
      this.latencyIndex = (this.latencyIndex + 1) % LATENCY_SAMPLES;
    }
  }

  recordHostCall(op: string) {
    this.hostCalls[op] = (this.hostCalls[op] ?? 0) + 1;
  }

  /** Counts the violation; true when it is the first of its kind this minute (worth a log line). */
  recordViolation(kind: SandboxViolationKind, message: string): boolean {
    this.violations[kind] = (this.violations[kind] ?? 0) + 1;
    const now = new Date();
    const sameMinute = this.recentViolations.find(
      v => v.kind === kind && now.getTime() - Date.parse(v.at) < 60_000,
    );
    this.recentViolations.unshift({ at: now.toISOString(), kind, message });
    if (this.recentViolations.length > RECENT_VIOLATIONS) this.recentViolations.pop();
    return !sameMinute;
  }

  /** Adds network bytes; throws through `over` when the minute's allowance is passed. */
  addNetworkBytes(bytes: number, perMinute: number, over: (message: string) => Error) {
    const minute = Math.floor(Date.now() / 60_000);
    if (this.network.minute !== minute) this.network = { minute, bytes: 0 };
    this.network.bytes += bytes;
    if (this.network.bytes > perMinute) {
      throw over(`fetch used more than its ${perMinute} bytes a minute`);
    }
  }

  networkBytesThisMinute(): number {
    return this.network.minute === Math.floor(Date.now() / 60_000) ? this.network.bytes : 0;
  }

  latency(): SandboxLatency {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const sum = sorted.reduce((a, b) => a + b, 0);
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      count: sorted.length,
      meanMs: round(sorted.length ? sum / sorted.length : 0),
      p50Ms: round(nearestRank(sorted, 50)),
      p95Ms: round(nearestRank(sorted, 95)),
      p99Ms: round(nearestRank(sorted, 99)),
      maxMs: round(sorted.length ? sorted[sorted.length - 1] : 0),
    };
  }
}
