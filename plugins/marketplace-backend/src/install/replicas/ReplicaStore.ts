import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath('@internal/backstage-plugin-marketplace-backend', 'migrations');

/**
 * A backend replica as it last reported itself.
 *
 * @public
 */
export interface ReplicaRecord {
  id: string;
  hostname: string;
  pid: number;
  /** Milliseconds since the epoch, as every time here. */
  startedAt: number;
  heartbeatAt: number;
  supervised: boolean;
  /** Plugin id to the version the running process runs (backend and frontend targets). */
  serving: Record<string, string>;
  /** When it began a rolling restart; cleared when its next process reports. */
  restartingAt?: number;
}

/**
 * A request to restart every replica, one at a time.
 *
 * @public
 */
export interface RestartRequest {
  id: number;
  requestedAt: number;
  requestedBy: string;
}

interface ReplicaRow {
  replica_id: string;
  hostname: string;
  pid: number;
  started_at: string | number;
  heartbeat_at: string | number;
  supervised: boolean | number;
  serving: string;
  restarting_at: string | number | null;
}

function toRecord(row: ReplicaRow): ReplicaRecord {
  return {
    id: row.replica_id,
    hostname: row.hostname,
    pid: Number(row.pid),
    startedAt: Number(row.started_at),
    heartbeatAt: Number(row.heartbeat_at),
    supervised: Boolean(row.supervised),
    serving: JSON.parse(row.serving),
    ...(row.restarting_at === null ? {} : { restartingAt: Number(row.restarting_at) }),
  };
}

/**
 * The replicas sharing the plugin's database (`install_replicas`) and the
 * requests to restart them all (`install_restart_requests`).
 *
 * @public
 */
export class ReplicaStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: { database: DatabaseService; skipMigrations?: boolean }): Promise<ReplicaStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new ReplicaStore(db);
  }

  /** Writes the replica's row as its running process reports it (a new process clears `restartingAt`). */
  async report(replica: Omit<ReplicaRecord, 'restartingAt'>): Promise<void> {
    await this.db('install_replicas')
      .insert({
        replica_id: replica.id,
        hostname: replica.hostname,
        pid: replica.pid,
        started_at: replica.startedAt,
        heartbeat_at: replica.heartbeatAt,
        supervised: replica.supervised,
        serving: JSON.stringify(replica.serving),
        restarting_at: null,
      })
      .onConflict('replica_id')
      .merge();
  }

  async get(id: string): Promise<ReplicaRecord | undefined> {
    const row = await this.db<ReplicaRow>('install_replicas').where({ replica_id: id }).first();
    return row ? toRecord(row) : undefined;
  }

  /** The replicas that reported at or after `since`, oldest process first. */
  async list(options: { since: number }): Promise<ReplicaRecord[]> {
    const rows = await this.db<ReplicaRow>('install_replicas')
      .where('heartbeat_at', '>=', options.since)
      .orderBy([{ column: 'started_at' }, { column: 'replica_id' }]);
    return rows.map(toRecord);
  }

  /** Notes that the replica's process is about to end for a rolling restart. */
  async markRestarting(id: string, at: number): Promise<void> {
    await this.db('install_replicas').where({ replica_id: id }).update({ restarting_at: at });
  }

  async remove(id: string): Promise<void> {
    await this.db('install_replicas').where({ replica_id: id }).delete();
  }

  /** Forgets replicas that have not reported since `before`. */
  async prune(before: number): Promise<number> {
    return this.db('install_replicas').where('heartbeat_at', '<', before).delete();
  }

  async requestRestart(request: Omit<RestartRequest, 'id'>): Promise<RestartRequest> {
    const [row] = await this.db('install_restart_requests')
      .insert({ requested_at: request.requestedAt, requested_by: request.requestedBy })
      .returning('id');
    const id = typeof row === 'object' ? row.id : row;
    return { id: Number(id), ...request };
  }

  async latestRestartRequest(): Promise<RestartRequest | undefined> {
    const row = await this.db('install_restart_requests').orderBy('id', 'desc').first();
    if (!row) return undefined;
    return { id: Number(row.id), requestedAt: Number(row.requested_at), requestedBy: row.requested_by };
  }
}
