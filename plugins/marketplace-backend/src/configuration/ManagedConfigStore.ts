import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  ConfigRevision,
  ConfigValidation,
  ManagedConfig,
} from '@internal/backstage-plugin-marketplace-common';
import { basename, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ConfigValidator, describeErrors, PluginConfigSchema } from './ConfigValidator';
import { DatabaseConfigRevisionStore, StoredRevision } from './DatabaseConfigRevisionStore';
import { LiveConfigMonitor } from './liveApply';
import { ManagedConfigFile } from './ManagedConfigFile';
import { EMPTY_BODY, normalizeBody, parseConfigYaml, unifiedDiff } from './yamlDocument';

/** A change of the whole managed file. */
export interface ManagedConfigChange {
  yaml: string;
  message: string;
  /** Entity ref of who makes it. */
  author: string;
  /** The revision the change was made on (optimistic lock). */
  baseRevision: number;
  /** Schemas to check besides the installed plugins' (a plugin being configured before it is installed). */
  extraSchemas?: PluginConfigSchema[];
}

/** What a reconciliation of the file with the revisions did. */
export type SyncOutcome = 'current' | 'restored' | 'imported' | 'refused' | 'skipped';

/**
 * The marketplace's own config file and its history.
 *
 * @public
 */
export interface ManagedConfigStore {
  get(): Promise<ManagedConfig>;
  validate(yaml: string, options?: { extraSchemas?: PluginConfigSchema[] }): Promise<ConfigValidation>;
  save(change: ManagedConfigChange): Promise<ConfigRevision>;
  listRevisions(options: { limit: number; offset: number }): Promise<{ items: ConfigRevision[]; totalCount: number }>;
  getRevision(revision: number): Promise<ConfigRevision & { yaml: string }>;
  rollback(revision: number, options: { author: string; message?: string; baseRevision?: number }): Promise<ConfigRevision>;
  /** Makes the file and the revisions agree: a hand edit becomes a revision, a stale or missing file is rewritten. */
  sync(): Promise<SyncOutcome>;
}

/**
 * The managed config file, written atomically, with every change a row in
 * `config_revisions`, validated against the installed plugins' schemas.
 *
 * @public
 */
export class DefaultManagedConfigStore implements ManagedConfigStore {
  // Saves, rollbacks and syncs of this process one at a time; other replicas are held off by the database.
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: {
      file: ManagedConfigFile;
      revisions: DatabaseConfigRevisionStore;
      validator: ConfigValidator;
      installedSchemas: () => Promise<PluginConfigSchema[]>;
      live: LiveConfigMonitor;
      logger: LoggerService;
      cwd: string;
    },
  ) {}

  static create(options: {
    file: ManagedConfigFile;
    revisions: DatabaseConfigRevisionStore;
    validator: ConfigValidator;
    installedSchemas: () => Promise<PluginConfigSchema[]>;
    live: LiveConfigMonitor;
    logger: LoggerService;
    cwd?: string;
  }): DefaultManagedConfigStore {
    return new DefaultManagedConfigStore({ ...options, cwd: options.cwd ?? process.cwd() });
  }

  private get name() {
    return basename(this.options.file.path);
  }

  // The data of the file last written: comparing a change with it needs no second parse.
  private lastParsed?: { yaml: string; data?: JsonObject };

  private dataOf(yaml: string): JsonObject | undefined {
    if (this.lastParsed?.yaml === yaml) return this.lastParsed.data;
    return parseConfigYaml(yaml).data;
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async schemas(extra: PluginConfigSchema[] = []): Promise<PluginConfigSchema[]> {
    const installed = await this.options.installedSchemas();
    const ids = new Set(extra.map(s => s.pluginId));
    return [...installed.filter(s => !ids.has(s.pluginId)), ...extra];
  }

  async get(): Promise<ManagedConfig> {
    const latest = await this.options.revisions.latest();
    return {
      path: relative(this.options.cwd, this.options.file.path),
      yaml: latest?.yaml ?? EMPTY_BODY,
      revision: latest?.revision ?? 0,
      loaded: this.options.live.loaded,
    };
  }

  async validate(yaml: string, options: { extraSchemas?: PluginConfigSchema[] } = {}): Promise<ConfigValidation> {
    const { valid, errors } = this.options.validator.validateYaml(yaml, await this.schemas(options.extraSchemas));
    return { valid, errors };
  }

  async save(change: ManagedConfigChange): Promise<ConfigRevision> {
    return this.serialize(() => this.write({ ...change, rollbackOf: undefined }));
  }

  async rollback(revision: number, options: { author: string; message?: string; baseRevision?: number }) {
    return this.serialize(async () => {
      const target = await this.options.revisions.get(revision);
      if (!target) throw new NotFoundError(`The managed config has no revision ${revision}`);
      const latest = await this.options.revisions.latest();
      return this.write({
        yaml: target.yaml,
        author: options.author,
        message: options.message || `Rolled back to revision ${revision}`,
        baseRevision: options.baseRevision ?? latest?.revision ?? 0,
        rollbackOf: revision,
      });
    });
  }

  async listRevisions(options: { limit: number; offset: number }) {
    return this.options.revisions.list(options);
  }

  async getRevision(revision: number) {
    const stored = await this.options.revisions.get(revision);
    if (!stored) throw new NotFoundError(`The managed config has no revision ${revision}`);
    return stored;
  }

  private async write(change: ManagedConfigChange & { rollbackOf?: number }): Promise<ConfigRevision> {
    const text = change.yaml.replace(/\r\n/g, '\n');
    const validation = this.options.validator.validateYaml(text, await this.schemas(change.extraSchemas));
    const body = normalizeBody(text, validation.empty);
    if (!validation.valid) {
      throw new InputError(`The managed config is not valid: ${describeErrors(validation.errors)}`);
    }
    const latest = await this.options.revisions.latest();
    const current = latest?.revision ?? 0;
    if (change.baseRevision !== current) throw staleRevision(change.baseRevision, current);
    const previous = latest?.yaml ?? EMPTY_BODY;
    if (latest && previous === body && change.rollbackOf === undefined) return withoutYaml(latest);
    const changed = !isDeepStrictEqual(this.dataOf(previous), validation.data);
    this.lastParsed = { yaml: body, data: validation.data };
    return this.record({
      revision: current + 1,
      author: change.author,
      message: change.message,
      yaml: body,
      diff: unifiedDiff(previous, body, this.name),
      rollbackOf: change.rollbackOf,
      previous: { revision: current, yaml: previous },
      changed,
    });
  }

  /** Adds a revision and writes the file in one step: both happen or neither. */
  private async record(entry: Omit<StoredRevision, 'createdAt' | 'appliedLive'> & {
    previous: { revision: number; yaml: string };
    changed: boolean;
  }): Promise<ConfigRevision> {
    const { previous, changed, ...revision } = entry;
    const { file, revisions, live, logger } = this.options;
    const pending = live.watch();
    let written = false;
    let committed = false;
    try {
      const { stored } = await revisions.add(revision, async () => {
        await file.write(revision.revision, revision.yaml);
        written = true;
      });
      committed = true;
      const appliedLive = await pending.settle({ changed });
      await revisions.markApplied(stored.revision, appliedLive);
      let effect = `${this.name} is not loaded by this backend`;
      if (live.loaded) effect = appliedLive ? 'applied live' : 'takes effect on restart';
      logger.info(`Managed config revision ${stored.revision} by ${stored.author}: ${stored.message} (${effect})`);
      return { ...withoutYaml(stored), appliedLive };
    } catch (error) {
      // The revision was not committed after all: put the file back the way it was.
      if (written && !committed) {
        await file.write(previous.revision, previous.yaml).catch(e => logger.error(`Could not restore ${file.path}: ${e}`));
      }
      throw error;
    } finally {
      pending.dispose();
    }
  }

  async sync(): Promise<SyncOutcome> {
    return this.serialize(() => this.reconcile());
  }

  private async reconcile(): Promise<SyncOutcome> {
    const { file, revisions, logger } = this.options;
    const [content, latest] = await Promise.all([file.read(), revisions.latest()]);
    if (!content) {
      if (!latest) return 'current';
      await file.write(latest.revision, latest.yaml);
      logger.info(`Wrote ${file.path} from revision ${latest.revision}`);
      return 'restored';
    }
    if (latest && content.body === latest.yaml) return 'current';
    if (!latest && content.revision === 0 && normalizeBody(content.body) === EMPTY_BODY) return 'current';
    if (content.revision !== undefined) {
      if (latest && content.revision > latest.revision) {
        // Another writer sharing the file is between writing it and committing; or the database was reset.
        logger.warn(`${file.path} is at revision ${content.revision}, ahead of the recorded ${latest.revision}; left as it is`);
        return 'skipped';
      }
      if (!latest && content.revision > 0) {
        // An in-memory database started empty again: the file is what the last run left.
        return this.importFile(content.body, latest, `Imported from ${this.name} (revision ${content.revision} of an earlier database)`);
      }
      const base = content.revision === 0 ? EMPTY_BODY : (await revisions.get(content.revision))?.yaml;
      if (base !== undefined && content.body === base) {
        // An older revision, written before another replica (or a restore) moved on.
        if (!latest) return 'current';
        await file.write(latest.revision, latest.yaml);
        logger.info(`Updated ${file.path} from revision ${content.revision} to ${latest.revision}`);
        return 'restored';
      }
    }
    return this.importFile(content.body, latest, `Edited by hand in ${this.name}`);
  }

  private async importFile(text: string, latest: StoredRevision | undefined, message: string) {
    const { file, logger, validator } = this.options;
    const validation = validator.validateYaml(text, await this.schemas());
    const body = normalizeBody(text, validation.empty);
    const refusing = validation.errors.filter(e => !validation.data || /is a secret/.test(e.message));
    if (refusing.length > 0) {
      logger.error(
        `${file.path} changed outside the marketplace but is not recorded as a revision: ${describeErrors(refusing)}. The marketplace keeps revision ${latest?.revision ?? 0}; fix the file or save the config from the marketplace.`,
      );
      return 'refused';
    }
    if (!validation.valid) {
      logger.warn(`${file.path} changed outside the marketplace and does not match the installed plugins' schemas: ${describeErrors(validation.errors)}`);
    }
    const previous = latest?.yaml ?? EMPTY_BODY;
    const revision = (latest?.revision ?? 0) + 1;
    const { stored } = await this.options.revisions.add(
      {
        revision,
        author: `file:${this.name}`,
        message,
        yaml: body,
        diff: unifiedDiff(previous, body, this.name),
      },
      () => file.write(revision, body),
    );
    // The backend re-read the file when it was edited, if it loads it at all.
    await this.options.revisions.markApplied(stored.revision, this.options.live.loaded);
    logger.info(`${message}: recorded as revision ${stored.revision}`);
    return 'imported';
  }
}

function withoutYaml(revision: StoredRevision): ConfigRevision {
  const { yaml: _yaml, ...rest } = revision;
  return rest;
}

/** The answer to a change made on revision `base` of a file that has moved on to `current`. */
export function staleRevision(base: number, current: number): ConflictError {
  return new ConflictError(
    `The managed config changed since revision ${base}: it is at revision ${current}. Reload it and make the change again.`,
  );
}

/** The data of a managed file body; `{}` when it holds none. */
export function bodyData(yaml: string): JsonObject {
  return parseConfigYaml(yaml).data ?? {};
}
