import { LoggerService } from '@backstage/backend-plugin-api';
import {
  SANDBOX_LOG_LEVELS,
  SandboxLogEntry,
  SandboxLogLevel,
  SandboxLogQuery,
} from '@internal/backstage-plugin-marketplace-node';
import { DatabaseSandboxLogStore, LOG_QUERY_DEFAULT_LIMIT, LOG_QUERY_MAX_LIMIT } from './DatabaseSandboxLogStore';

const FLUSH_MS = 500;
const FLUSH_LINES = 200;
/** Lines waiting for the database; past this the oldest are dropped. */
const MAX_PENDING = 5_000;

/** Whether a line passes a query's filters. */
export function matchesLogQuery(entry: SandboxLogEntry, query: SandboxLogQuery): boolean {
  if (query.level && SANDBOX_LOG_LEVELS.indexOf(entry.level) < SANDBOX_LOG_LEVELS.indexOf(query.level)) {
    return false;
  }
  if (query.source && entry.source !== query.source) return false;
  if (query.since && entry.at < new Date(query.since).toISOString()) return false;
  if (query.until && entry.at >= new Date(query.until).toISOString()) return false;
  if (query.text && !entry.message.toLowerCase().includes(query.text.toLowerCase())) return false;
  return true;
}

/**
 * The logs of every sandboxed plugin: the newest lines of each in a ring in
 * memory, all of them written to the database in batches. Plugins log
 * through {@link SandboxLogs.plugin}, which holds them to a number of lines a
 * minute and a line length; the host's own lines about a plugin (starts,
 * crashes, limits) are never limited.
 */
export class SandboxLogs {
  private readonly rings = new Map<string, SandboxLogEntry[]>();
  private readonly windows = new Map<string, { start: number; lines: number; dropped: number }>();
  private readonly droppedTotal = new Map<string, number>();
  private pending: SandboxLogEntry[] = [];
  private flushing?: Promise<void>;
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly store: DatabaseSandboxLogStore,
    private readonly logger: LoggerService,
    private readonly options: { linesPerMinute: number; maxMessageChars: number; bufferLines: number },
  ) {}

  static create(options: {
    store: DatabaseSandboxLogStore;
    logger: LoggerService;
    linesPerMinute: number;
    maxMessageChars: number;
    bufferLines: number;
  }): SandboxLogs {
    return new SandboxLogs(options.store, options.logger, options);
  }

  /**
   * A line the plugin logged. Returns false when it was dropped for passing
   * the plugin's lines a minute.
   */
  plugin(pluginId: string, level: SandboxLogLevel, message: string): boolean {
    const now = Date.now();
    let window = this.windows.get(pluginId);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, lines: 0, dropped: 0 };
      this.windows.set(pluginId, window);
    }
    if (window.lines >= this.options.linesPerMinute) {
      window.dropped += 1;
      this.droppedTotal.set(pluginId, (this.droppedTotal.get(pluginId) ?? 0) + 1);
      return false;
    }
    window.lines += 1;
    const max = this.options.maxMessageChars;
    const text = message.length > max ? `${message.slice(0, max)}… (${message.length - max} more characters cut)` : message;
    this.add({ pluginId, at: new Date(now).toISOString(), level, source: 'plugin', message: text });
    return true;
  }

  /** A line of the host about a plugin. */
  host(pluginId: string, level: SandboxLogLevel, message: string) {
    this.add({ pluginId, at: new Date().toISOString(), level, source: 'host', message });
  }

  /** Lines dropped for the rate limit since the backend started. */
  dropped(pluginId: string): number {
    return this.droppedTotal.get(pluginId) ?? 0;
  }

  /** The plugin's lines matching the query, newest first: the database's, or the ring's when it fails. */
  async query(pluginId: string, query: SandboxLogQuery = {}): Promise<SandboxLogEntry[]> {
    await this.flush();
    try {
      return await this.store.query(pluginId, query);
    } catch (error) {
      this.logger.warn(`Sandbox logs of ${pluginId} read from memory: the database failed: ${error}`);
      const limit = Math.min(query.limit ?? LOG_QUERY_DEFAULT_LIMIT, LOG_QUERY_MAX_LIMIT);
      return (this.rings.get(pluginId) ?? [])
        .filter(e => matchesLogQuery(e, query))
        .reverse()
        .slice(0, limit);
    }
  }

  /** The newest lines in memory, newest first. */
  recent(pluginId: string, limit = 20): SandboxLogEntry[] {
    return (this.rings.get(pluginId) ?? []).slice(-limit).reverse();
  }

  /** Writes what is waiting to the database. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.store
      .append(batch)
      .catch(error => this.logger.warn(`Could not store ${batch.length} sandbox log lines: ${error}`))
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private add(entry: SandboxLogEntry) {
    let ring = this.rings.get(entry.pluginId);
    if (!ring) {
      ring = [];
      this.rings.set(entry.pluginId, ring);
    }
    ring.push(entry);
    if (ring.length > this.options.bufferLines) ring.splice(0, ring.length - this.options.bufferLines);

    this.pending.push(entry);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    if (this.pending.length >= FLUSH_LINES) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, FLUSH_MS);
      this.timer.unref();
    }
  }
}
