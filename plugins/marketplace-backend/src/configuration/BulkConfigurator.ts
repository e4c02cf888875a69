import { InputError, NotFoundError } from '@backstage/errors';
import { JsonObject, JsonValue } from '@backstage/types';
import { BulkConfigResponse, PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { isDeepStrictEqual } from 'node:util';
import { PluginConfigSchema } from './ConfigValidator';
import { ConfigurationGenerator } from './ConfigurationGenerator';
import { pluginSections } from './formBuilder';
import { bodyData, ManagedConfigStore, staleRevision } from './ManagedConfigStore';
import { retryOnConflict } from './retryOnConflict';
import { fromPointer } from './schemaFields';
import { pruneEmpty, replaceSections } from './yamlDocument';

/** Several plugins' parts of app-config to save together. */
export interface BulkConfigChange {
  /** Each plugin's part, by plugin id. */
  plugins: Record<string, JsonObject>;
  /** The revision the change was made on; the latest when absent (and then a concurrent save is retried). */
  baseRevision?: number;
  message?: string;
  /** Entity ref of who makes it. */
  author: string;
}

/**
 * Configures several plugins at once.
 *
 * @public
 */
export interface BulkConfigurator {
  /**
   * Checks every plugin's part against its schema (a plain-text secret is an
   * error too) and saves them all as one revision of the managed config.
   * Any error is an InputError naming `plugins.<pluginId>.<path>`, and then
   * nothing is written; a stale `baseRevision` is a ConflictError.
   */
  configure(change: BulkConfigChange): Promise<BulkConfigResponse>;
}

/** `plugins.<pluginId>.<path>` for a JSON pointer into a plugin's part. */
function fieldOf(pluginId: string, pointer = ''): string {
  return ['plugins', pluginId, ...fromPointer(pointer)].join('.');
}

interface Part {
  pluginId: string;
  spec: PluginSpecification;
  /** The part without the empty leftovers of a form, as it is written. */
  config: JsonObject;
}

/**
 * Validates with the configuration generator, writes through the managed
 * config store: the same checks and the same file as `PUT /config` with one
 * plugin, for many plugins in one revision.
 *
 * @public
 */
export class DefaultBulkConfigurator implements BulkConfigurator {
  private constructor(
    private readonly options: {
      generator: ConfigurationGenerator;
      store: ManagedConfigStore;
      getSpec: (pluginId: string) => Promise<PluginSpecification>;
    },
  ) {}

  static create(options: {
    generator: ConfigurationGenerator;
    store: ManagedConfigStore;
    /** The plugin's specification; throws NotFoundError for an unknown plugin. */
    getSpec: (pluginId: string) => Promise<PluginSpecification>;
  }): DefaultBulkConfigurator {
    return new DefaultBulkConfigurator(options);
  }

  async configure(change: BulkConfigChange): Promise<BulkConfigResponse> {
    const parts = await this.check(change.plugins);
    const write = () => this.write(parts, change);
    // A base revision is the caller's lock: a save in between is theirs to see, not ours to redo.
    return change.baseRevision === undefined ? retryOnConflict(write) : write();
  }

  /** Every plugin known, every part valid, no section given two values; all errors at once. */
  private async check(plugins: Record<string, JsonObject>): Promise<Part[]> {
    const parts: Part[] = [];
    const errors: string[] = [];
    for (const [pluginId, config] of Object.entries(plugins)) {
      const spec = await this.options.getSpec(pluginId).catch(error => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      if (!spec) {
        errors.push(`Field '${fieldOf(pluginId)}': no plugin ${pluginId} in the marketplace`);
        continue;
      }
      const validation = await this.options.generator.validate(pluginId, config);
      for (const error of validation.errors) errors.push(`Field '${fieldOf(pluginId, error.path)}': ${error.message}`);
      parts.push({ pluginId, spec, config: (pruneEmpty(config) as JsonObject | undefined) ?? {} });
    }
    const owners = new Map<string, Part>();
    for (const part of parts) {
      for (const section of pluginSections(part.spec.configSchema)) {
        const other = owners.get(section);
        if (other && !isDeepStrictEqual(other.config[section], part.config[section])) {
          errors.push(`Field '${fieldOf(part.pluginId, `/${section}`)}': ${other.pluginId} configures ${section} too, differently; give it once`);
        }
        owners.set(section, other ?? part);
      }
    }
    if (errors.length > 0) throw new InputError(errors.join('; '));
    return parts;
  }

  private async write(parts: Part[], change: BulkConfigChange): Promise<BulkConfigResponse> {
    const { store } = this.options;
    const managed = await store.get();
    if (change.baseRevision !== undefined && change.baseRevision !== managed.revision) {
      throw staleRevision(change.baseRevision, managed.revision);
    }
    const before = bodyData(managed.yaml);
    const sections: Record<string, JsonValue | undefined> = {};
    const plugins = parts.map(({ pluginId, spec, config }) => {
      let changed = false;
      for (const section of pluginSections(spec.configSchema)) {
        sections[section] = config[section];
        if (!isDeepStrictEqual(before[section], config[section])) changed = true;
      }
      return { pluginId, changed };
    });
    const yaml = replaceSections(managed.yaml, sections);
    if (yaml === managed.yaml) {
      const appliedLive = managed.revision > 0 && (await store.getRevision(managed.revision)).appliedLive;
      return { revision: managed.revision, appliedLive, plugins };
    }
    const schemas: PluginConfigSchema[] = parts.map(({ pluginId, spec }) => ({
      pluginId,
      schema: spec.configSchema,
      environmentVariables: spec.environmentVariables ?? [],
    }));
    const saved = await store.save({
      yaml,
      author: change.author,
      message: change.message ?? `Configured ${parts.map(p => p.pluginId).join(', ')}`,
      baseRevision: managed.revision,
      extraSchemas: schemas,
    });
    return { revision: saved.revision, appliedLive: saved.appliedLive, plugins };
  }
}
