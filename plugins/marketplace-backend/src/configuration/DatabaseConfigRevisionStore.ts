import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { ConfigRevision } from '@internal/backstage-plugin-marketplace-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath('@internal/backstage-plugin-marketplace-backend', 'migrations');

/** A revision as stored, with the whole file. */
export interface StoredRevision extends ConfigRevision {
  yaml: string;
}

/** A revision to add. */
export type NewRevision = Omit<StoredRevision, 'createdAt' | 'appliedLive'>;

interface RevisionRow {
  revision: number | string;
  author: string;
  message: string;
  yaml: string;
  diff: string;
  rollback_of: number | string | null;
  applied_live: boolean | number;
  created_at: string;
}

const LIST_COLUMNS = ['revision', 'author', 'message', 'diff', 'rollback_of', 'applied_live', 'created_at'];

function toRevision(row: RevisionRow): ConfigRevision {
  return {
    revision: Number(row.revision),
    author: row.author,
    message: row.message,
    createdAt: row.created_at,
    diff: row.diff,
    rollbackOf: row.rollback_of === null ? undefined : Number(row.rollback_of),
    appliedLive: Boolean(row.applied_live),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '23505' || /UNIQUE constraint failed|SQLITE_CONSTRAINT/.test(String(e.code ?? '') + String(e.message ?? ''));
}

/**
 * Revisions of the managed config in `config_revisions` (Postgres or SQLite).
 * A revision number is the previous one plus one; two writers adding the same
 * number collide on the primary key and the later one gets a ConflictError.
 *
 * @public
 */
export class DatabaseConfigRevisionStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: { database: DatabaseService; skipMigrations?: boolean }) {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseConfigRevisionStore(db);
  }

  async latest(): Promise<StoredRevision | undefined> {
    const row = await this.db<RevisionRow>('config_revisions').orderBy('revision', 'desc').first();
    return row ? { ...toRevision(row), yaml: row.yaml } : undefined;
  }

  async get(revision: number): Promise<StoredRevision | undefined> {
    const row = await this.db<RevisionRow>('config_revisions').where({ revision }).first();
    return row ? { ...toRevision(row), yaml: row.yaml } : undefined;
  }

  /** Newest first, without the files. */
  async list(options: { limit: number; offset: number }) {
    const rows: RevisionRow[] = await this.db('config_revisions')
      .select(LIST_COLUMNS)
      .orderBy('revision', 'desc')
      .limit(options.limit)
      .offset(options.offset);
    const [{ count }] = await this.db('config_revisions').count({ count: '*' });
    return { items: rows.map(toRevision), totalCount: Number(count) };
  }

  /**
   * Adds `revision.revision`, which must follow the latest, then runs `effect`
   * (writing the file) before committing: if the effect fails, no revision
   * is recorded. A revision taken meanwhile by another writer is a ConflictError.
   */
  async add<T>(revision: NewRevision, effect: () => Promise<T>): Promise<{ stored: StoredRevision; result: T }> {
    const createdAt = new Date().toISOString();
    try {
      return await this.db.transaction(async tx => {
        const latest = await tx('config_revisions').max({ max: 'revision' }).first();
        const current = Number(latest?.max ?? 0);
        if (current !== revision.revision - 1) {
          throw new ConflictError(
            `The managed config changed since revision ${revision.revision - 1}: it is at revision ${current}. Reload it and make the change again.`,
          );
        }
        await tx('config_revisions').insert({
          revision: revision.revision,
          author: revision.author,
          message: revision.message,
          yaml: revision.yaml,
          diff: revision.diff,
          rollback_of: revision.rollbackOf ?? null,
          applied_live: false,
          created_at: createdAt,
        });
        const result = await effect();
        return { stored: { ...revision, createdAt, appliedLive: false }, result };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `The managed config changed since revision ${revision.revision - 1}: another change took revision ${revision.revision}. Reload it and make the change again.`,
        );
      }
      throw error;
    }
  }

  async markApplied(revision: number, appliedLive: boolean): Promise<void> {
    await this.db('config_revisions').where({ revision }).update({ applied_live: appliedLive });
  }
}
