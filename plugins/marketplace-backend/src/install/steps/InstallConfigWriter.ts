import { JsonObject, JsonValue } from '@backstage/types';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { ConfigurationGenerator } from '../../configuration/ConfigurationGenerator';
import { pluginSections } from '../../configuration/formBuilder';
import { ManagedConfigStore } from '../../configuration/ManagedConfigStore';
import { retryOnConflict } from '../../configuration/retryOnConflict';
import { parseConfigYaml, replaceSections } from '../../configuration/yamlDocument';

/**
 * A plugin's sections of the managed config as they were: the value of each,
 * or null for a section that was absent.
 *
 * @public
 */
export type SectionSnapshot = Record<string, JsonValue | null>;

/**
 * Writes a plugin's part of the managed config (app-config.marketplace.yaml)
 * through the managed config store, so that every change is a revision with
 * its author and the file is replaced atomically.
 *
 * @public
 */
export class InstallConfigWriter {
  private constructor(
    private readonly store: ManagedConfigStore,
    private readonly generator: ConfigurationGenerator,
    private readonly getSpec: (pluginId: string) => Promise<PluginSpecification>,
  ) {}

  static create(options: {
    store: ManagedConfigStore;
    generator: ConfigurationGenerator;
    getSpec: (pluginId: string) => Promise<PluginSpecification>;
  }): InstallConfigWriter {
    return new InstallConfigWriter(options.store, options.generator, options.getSpec);
  }

  /** The plugin's sections in the managed file now. */
  async snapshot(pluginId: string): Promise<SectionSnapshot> {
    const spec = await this.getSpec(pluginId);
    const { yaml } = await this.store.get();
    const data = parseConfigYaml(yaml).data ?? {};
    const snapshot: SectionSnapshot = {};
    for (const section of pluginSections(spec.configSchema)) snapshot[section] = data[section] ?? null;
    return snapshot;
  }

  /** Writes the plugin's part (checked against its schema); the same part again writes nothing. */
  async apply(pluginId: string, config: JsonObject, author: string, message: string): Promise<{ revision: number; changed: boolean }> {
    return retryOnConflict(async () => {
      const managed = await this.store.get();
      const { yaml, schema } = await this.generator.merge(pluginId, config, managed.revision);
      const saved = await this.store.save({ yaml, author, message, baseRevision: managed.revision, extraSchemas: [schema] });
      return { revision: saved.revision, changed: saved.revision !== managed.revision };
    });
  }

  /** Puts the plugin's sections back to a snapshot (or removes them: an all-null snapshot). */
  async restore(snapshot: SectionSnapshot, author: string, message: string): Promise<{ revision: number; changed: boolean }> {
    return retryOnConflict(async () => {
      const managed = await this.store.get();
      const sections: Record<string, JsonValue | undefined> = {};
      for (const [key, value] of Object.entries(snapshot)) sections[key] = value ?? undefined;
      const yaml = replaceSections(managed.yaml, sections);
      if (yaml === managed.yaml) return { revision: managed.revision, changed: false };
      const saved = await this.store.save({ yaml, author, message, baseRevision: managed.revision });
      return { revision: saved.revision, changed: saved.revision !== managed.revision };
    });
  }
}
