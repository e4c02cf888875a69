import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { hostname } from 'node:os';
import { PluginLock } from '../DatabasePluginLock';
import { ReplicaRecord, ReplicaStore, RestartRequest } from './ReplicaStore';

/** The lock row that lets one replica at a time restart (not a plugin id: those have no underscores at the ends). */
export const RESTART_SLOT = '__rolling-restart__';

/**
 * This replica's part in "what runs where" and in rolling restarts:
 *
 * - it reports itself (when its process started, whether a supervisor
 *   restarts it, what it runs) when the backend has started and then on
 *   every tick;
 * - on a tick, if an admin asked to restart every replica after this process
 *   started, it takes the restart slot (a lease, so that one replica at a time
 *   is down) and restarts; its next process reports itself and frees the slot,
 *   and the next replica goes. A replica that does not come back frees the
 *   slot when the lease runs out.
 *
 * @public
 */
export class ReplicaCoordinator {
  private state: 'new' | 'running' | 'ended' = 'new';

  private constructor(
    private readonly store: ReplicaStore,
    private readonly lock: PluginLock,
    private readonly logger: LoggerService,
    private readonly options: {
      id: string;
      /** When this process started (milliseconds since the epoch). */
      startedAt: number;
      /** What this process runs: plugin id to version. */
      serving: () => Promise<Record<string, string>>;
      /** Ends the process for its supervisor to start it again; absent when nobody would. */
      restart?: () => void;
      /** Whether this replica may restart now (no install of its own under way, its local sync done). */
      ready: () => Promise<boolean>;
      /** How long the others wait for a restarting replica before going on. */
      slotLeaseMs: number;
      /** A replica that has not reported for this long is left out. */
      staleMs: number;
      clock: () => number;
    },
  ) {}

  static create(options: {
    store: ReplicaStore;
    lock: PluginLock;
    logger: LoggerService;
    id: string;
    startedAt: number;
    serving: () => Promise<Record<string, string>>;
    restart?: () => void;
    ready?: () => Promise<boolean>;
    slotLeaseMs: number;
    staleMs: number;
    clock?: () => number;
  }): ReplicaCoordinator {
    return new ReplicaCoordinator(options.store, options.lock, options.logger, {
      ...options,
      ready: options.ready ?? (async () => true),
      clock: options.clock ?? Date.now,
    });
  }

  get id(): string {
    return this.options.id;
  }

  private get owner() {
    return `replica:${this.options.id}`;
  }

  /** Reports this process; it frees the restart slot its previous process took. */
  async start(): Promise<void> {
    await this.report();
    await this.lock.release(RESTART_SLOT, this.owner);
    this.state = 'running';
    const pruned = await this.store.prune(this.options.clock() - 24 * 60 * 60 * 1000);
    if (pruned > 0) this.logger.info(`Forgot ${pruned} replica(s) that had not reported for a day`);
  }

  /**
   * Reports this process (starting it, if the start failed), then restarts
   * it if a rolling restart waits for it and the slot is free.
   */
  async tick(): Promise<void> {
    if (this.state === 'ended') return;
    if (this.state === 'new') {
      await this.start();
      return;
    }
    await this.report();
    const request = await this.store.latestRestartRequest();
    if (!request || request.requestedAt <= this.options.startedAt || !this.options.restart) return;
    if (!(await this.options.ready())) return;
    if (!(await this.lock.tryAcquire(RESTART_SLOT, this.owner, this.options.slotLeaseMs))) return;
    await this.store.markRestarting(this.options.id, this.options.clock());
    this.logger.info(
      `Restarting replica ${this.options.id} for the rolling restart ${request.requestedBy} asked for; the next replica goes when it is back`,
    );
    this.state = 'ended';
    this.options.restart();
  }

  /** A replica shutting down for good (not restarting) leaves the list at once rather than when it goes stale. */
  async leave(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'ended';
    await this.store.remove(this.options.id);
  }

  /**
   * Asks every replica to restart, one at a time. Refused when no replica
   * that reported recently could restart itself.
   */
  async requestRollingRestart(requestedBy: string): Promise<{ request: RestartRequest; replicas: ReplicaRecord[] }> {
    const replicas = await this.replicas();
    if (!replicas.some(r => r.supervised)) {
      throw new ServiceUnavailableError('No replica is run by a supervisor that restarts it; restart the backend yourself');
    }
    const latest = await this.store.latestRestartRequest();
    if (latest && replicas.some(r => r.startedAt < latest.requestedAt && r.supervised)) {
      throw new ConflictError(
        `A rolling restart asked for by ${latest.requestedBy} is still under way; it restarts every replica that started before it`,
      );
    }
    const request = await this.store.requestRestart({ requestedAt: this.options.clock(), requestedBy });
    return { request, replicas };
  }

  /** The replicas that reported recently. */
  async replicas(): Promise<ReplicaRecord[]> {
    return this.store.list({ since: this.options.clock() - this.options.staleMs });
  }

  latestRestartRequest(): Promise<RestartRequest | undefined> {
    return this.store.latestRestartRequest();
  }

  private async report() {
    await this.store.report({
      id: this.options.id,
      hostname: hostname(),
      pid: process.pid,
      startedAt: this.options.startedAt,
      heartbeatAt: this.options.clock(),
      supervised: Boolean(this.options.restart),
      serving: await this.options.serving(),
    });
  }
}
