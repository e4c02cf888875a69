import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { hostname } from 'node:os';
import { isUniqueViolation } from './rows';

/**
 * One change at a time per plugin, across every replica.
 *
 * @public
 */
export interface PluginLock {
  /** Takes the plugin's lock for `leaseMs`, or says that someone else holds it. */
  tryAcquire(pluginId: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Extends the lease; false when the lock was lost (expired and taken over). */
  renew(pluginId: string, owner: string, leaseMs: number): Promise<boolean>;
  release(pluginId: string, owner: string): Promise<void>;
  /** Whether someone holds a lease on the plugin that has not expired. */
  isHeld(pluginId: string): Promise<boolean>;
}

/**
 * A name for the lock holder that says which process holds it:
 * `<host>/<pid>/<random>`.
 */
export function lockOwnerId(job: string): string {
  return `${hostname()}/${process.pid}/${job}`;
}

function ownerIsDeadLocalProcess(owner: string): boolean {
  const [host, pid] = owner.split('/');
  if (host !== hostname() || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The lock as a row per plugin in `install_locks` with a lease the holder
 * renews: portable across Postgres and SQLite, and a holder that dies (even
 * by SIGKILL) loses the lock when its lease runs out, or at once when it was
 * a process of this host that no longer exists.
 *
 * Not a Postgres advisory lock: those belong to a database session, and a
 * pooled knex connection is not held for the minutes an install takes. Not
 * Redis: the desired state is in the database, and a lock beside it needs no
 * other server to be up.
 *
 * @public
 */
export class DatabasePluginLock implements PluginLock {
  private constructor(
    private readonly db: Knex,
    private readonly clock: () => number,
  ) {}

  static async create(options: { database: DatabaseService; clock?: () => number }): Promise<DatabasePluginLock> {
    return new DatabasePluginLock(await options.database.getClient(), options.clock ?? Date.now);
  }

  async tryAcquire(pluginId: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.clock();
    const expiresAt = now + leaseMs;
    // Take over a lease that ran out: the conditional update lets one taker win.
    const taken = await this.db('install_locks')
      .where({ plugin_id: pluginId })
      .andWhere(q => q.where('expires_at', '<', now).orWhere({ owner }))
      .update({ owner, expires_at: expiresAt });
    if (taken > 0) return true;
    const current = await this.db('install_locks').where({ plugin_id: pluginId }).first();
    if (current) {
      if (!ownerIsDeadLocalProcess(current.owner)) return false;
      const stolen = await this.db('install_locks')
        .where({ plugin_id: pluginId, owner: current.owner })
        .update({ owner, expires_at: expiresAt });
      return stolen > 0;
    }
    try {
      await this.db('install_locks').insert({ plugin_id: pluginId, owner, expires_at: expiresAt });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async renew(pluginId: string, owner: string, leaseMs: number): Promise<boolean> {
    const updated = await this.db('install_locks')
      .where({ plugin_id: pluginId, owner })
      .update({ expires_at: this.clock() + leaseMs });
    return updated > 0;
  }

  async release(pluginId: string, owner: string): Promise<void> {
    await this.db('install_locks').where({ plugin_id: pluginId, owner }).delete();
  }

  async isHeld(pluginId: string): Promise<boolean> {
    const row = await this.db('install_locks').where({ plugin_id: pluginId }).first();
    if (!row) return false;
    if (Number(row.expires_at) < this.clock()) return false;
    return !ownerIsDeadLocalProcess(row.owner);
  }
}
