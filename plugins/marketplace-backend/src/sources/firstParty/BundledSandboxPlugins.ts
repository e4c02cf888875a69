import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  formatFieldErrors,
  validatePluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import {
  ListingInput,
  SandboxPluginDefinition,
} from '@internal/backstage-plugin-marketplace-node';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

const DEFAULT_DIR = resolvePackagePath(
  '@internal/backstage-plugin-marketplace-backend',
  'data/sandbox-plugins',
);
const PUBLISHED_AT = '2026-12-03T00:00:00.000Z';

/**
 * The sandboxed plugins shipped with the marketplace (Hello Counter, Catalog
 * Ownership Summary, Status Checker): one folder each under
 * `data/sandbox-plugins/`, holding `manifest.json` (the plugin's
 * specification, with `sandbox` and `permissions`) and the bundle it names.
 * They are listed first-party and can be started by id.
 *
 * @public
 */
export class BundledSandboxPlugins {
  private cache?: Promise<SandboxPluginDefinition[]>;

  private constructor(private readonly dir: string) {}

  static fromDirectory(dir: string = DEFAULT_DIR): BundledSandboxPlugins {
    return new BundledSandboxPlugins(dir);
  }

  /** Every bundled plugin; a folder that is not a valid plugin throws, naming it. */
  list(): Promise<SandboxPluginDefinition[]> {
    this.cache ??= this.read().catch(error => {
      this.cache = undefined;
      throw error;
    });
    return this.cache;
  }

  async get(pluginId: string): Promise<SandboxPluginDefinition | undefined> {
    return (await this.list()).find(d => d.spec.id === pluginId);
  }

  /** The bundled plugins as first-party listings. */
  async listings(): Promise<ListingInput[]> {
    return (await this.list()).map(({ spec }) => ({
      spec,
      packages: [],
      versions: [{ version: spec.version, publishedAt: PUBLISHED_AT, backstageVersion: spec.backstageVersion }],
      publishedAt: PUBLISHED_AT,
      categoryDeclared: true,
    }));
  }

  private async read(): Promise<SandboxPluginDefinition[]> {
    const entries = await readdir(this.dir, { withFileTypes: true });
    const folders = entries.filter(e => e.isDirectory()).map(e => e.name).sort();
    return Promise.all(folders.map(folder => this.readOne(join(this.dir, folder))));
  }

  private async readOne(folder: string): Promise<SandboxPluginDefinition> {
    const manifestPath = join(folder, 'manifest.json');
    const result = validatePluginSpecification(JSON.parse(await readFile(manifestPath, 'utf8')));
    if (!result.valid) throw new InputError(`${manifestPath}: ${formatFieldErrors(result.errors)}`);
    const spec = result.value;
    if (!spec.sandbox) throw new InputError(`${manifestPath}: /sandbox is required`);
    const entry = resolve(folder, spec.sandbox.entry);
    if (!entry.startsWith(`${resolve(folder)}${sep}`)) {
      throw new InputError(`${manifestPath}: /sandbox/entry must name a file inside the plugin's folder`);
    }
    return { spec, code: await readFile(entry, 'utf8') };
  }
}
