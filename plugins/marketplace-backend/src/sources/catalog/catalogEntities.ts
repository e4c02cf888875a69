import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** The marketplace's own kinds, as `catalog-backend-module-marketplace` defines them. */
export const MARKETPLACE_API_VERSION = 'marketplace.backstage.io/v1alpha1';

/** Red Hat Developer Hub's extensions catalog, read as it is. */
export const EXTENSIONS_API_VERSION = 'extensions.backstage.io/v1alpha1';

/** Sets the marketplace id of a catalog plugin explicitly. */
export const ANNOTATION_PLUGIN_ID = 'marketplace.backstage.io/plugin-id';

const API_VERSIONS = [MARKETPLACE_API_VERSION, EXTENSIONS_API_VERSION];

/** Whether the entity is a Plugin or Package under an apiVersion this source reads. */
export function isReadable(
  entity: Entity,
  kind: 'Plugin' | 'Package',
): boolean {
  return entity.kind === kind && API_VERSIONS.includes(entity.apiVersion);
}

/** A non-empty trimmed string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The strings of an array, or of a single string. */
export function texts(value: unknown): string[] {
  return [value].flat().flatMap(v => text(v) ?? []);
}

/** A plain object, or undefined. */
export function object(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The full ref of a relation target written in a spec, or undefined if it does not parse. */
export function resolveRef(
  ref: string,
  defaultKind: string,
  defaultNamespace?: string,
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind,
        defaultNamespace: defaultNamespace ?? DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * One npm package of a plugin as the catalog describes it, from a Package
 * entity or from a Plugin's inline list.
 */
export interface CatalogPackage {
  name: string;
  /** As written: checked against the package roles when mapped. */
  role?: string;
  version?: string;
  description?: string;
  /** Backstage releases the package works with (RHDH's `supportedVersions`). */
  backstageVersion?: string;
}

function packageOf(entity: Entity): CatalogPackage | undefined {
  const spec = object(entity.spec) ?? {};
  const name = text(spec.packageName);
  if (!name) return undefined;
  const legacy = object(spec.backstage) ?? {};
  return {
    name,
    role: text(spec.role) ?? text(legacy.role),
    version: text(spec.version),
    description: text(entity.metadata.description),
    backstageVersion:
      text(spec.supportedVersions) ?? text(legacy.supportedVersions),
  };
}

/**
 * The Package entities of the catalog, found by their own ref (RHDH Plugins
 * list them) or by the plugin they say they are part of.
 */
export class PackageIndex {
  private readonly byRef = new Map<string, CatalogPackage>();
  private readonly byPlugin = new Map<string, CatalogPackage[]>();

  constructor(entities: Entity[]) {
    for (const entity of entities) {
      const pkg = packageOf(entity);
      if (!pkg) continue;
      this.byRef.set(stringifyEntityRef(entity), pkg);
      const namespace = entity.metadata.namespace;
      for (const ref of texts(object(entity.spec)?.partOf)) {
        const plugin = resolveRef(ref, 'Plugin', namespace);
        if (plugin) {
          this.byPlugin.set(plugin, [
            ...(this.byPlugin.get(plugin) ?? []),
            pkg,
          ]);
        }
      }
    }
  }

  /** A Package entity by its full ref. */
  get(ref: string): CatalogPackage | undefined {
    return this.byRef.get(ref);
  }

  /** The Package entities that declare themselves part of a plugin. */
  partOf(pluginRef: string): CatalogPackage[] {
    return this.byPlugin.get(pluginRef) ?? [];
  }
}
