import { DatabaseService } from '@backstage/backend-plugin-api';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { Knex } from 'knex';
import { PluginConfigSchema } from './ConfigValidator';

// Keeps every statement well under SQLite's limit of bound parameters.
const CHUNK = 200;

/**
 * The config schemas of the installed plugins (`installations` joined with
 * the registry's `plugins`), read on every validation. Specs are parsed only
 * when a plugin is newly installed or its listing changed (its content hash),
 * so a save costs one small query however many plugins are installed.
 *
 * @public
 */
export class InstalledSchemaReader {
  private readonly parsed = new Map<string, { hash: string; schema: PluginConfigSchema }>();

  private constructor(private readonly db: Knex) {}

  /** Expects the registry's tables, migrated by the registry store. */
  static async create(options: { database: DatabaseService }): Promise<InstalledSchemaReader> {
    return new InstalledSchemaReader(await options.database.getClient());
  }

  async list(): Promise<PluginConfigSchema[]> {
    const rows: Array<{ id: string; content_hash: string }> = await this.db('installations')
      .join('plugins', 'plugins.id', 'installations.plugin_id')
      .select('plugins.id', 'plugins.content_hash')
      .orderBy('plugins.id');
    const stale = rows.filter(r => this.parsed.get(r.id)?.hash !== r.content_hash).map(r => r.id);
    for (let i = 0; i < stale.length; i += CHUNK) {
      const specs: Array<{ id: string; content_hash: string; spec: string }> = await this.db('plugins')
        .whereIn('id', stale.slice(i, i + CHUNK))
        .select('id', 'content_hash', 'spec');
      for (const row of specs) {
        const spec = JSON.parse(row.spec) as PluginSpecification;
        this.parsed.set(row.id, {
          hash: row.content_hash,
          schema: { pluginId: row.id, schema: spec.configSchema, environmentVariables: spec.environmentVariables },
        });
      }
    }
    const installed = new Set(rows.map(r => r.id));
    for (const id of this.parsed.keys()) if (!installed.has(id)) this.parsed.delete(id);
    return rows.flatMap(r => this.parsed.get(r.id)?.schema ?? []);
  }
}
