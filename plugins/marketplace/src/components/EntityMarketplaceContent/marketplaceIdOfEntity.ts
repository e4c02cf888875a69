import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_HAS_PART,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  findMainPackage,
  identifyPackage,
  PACKAGE_ROLES,
  PackageRole,
} from '@internal/backstage-plugin-marketplace-common';

// How the marketplace backend's catalog source reads Plugin entities
// (plugins/marketplace-backend/src/sources/catalog); kept in step with it.

/** Sets the marketplace id of a catalog plugin explicitly. */
export const ANNOTATION_PLUGIN_ID = 'marketplace.backstage.io/plugin-id';

const READABLE_API_VERSIONS = [
  'marketplace.backstage.io/v1alpha1',
  'extensions.backstage.io/v1alpha1',
];

interface NamedPackage {
  name: string;
  role?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The id set by the `marketplace.backstage.io/plugin-id` annotation, if any. */
export function explicitMarketplaceId(entity: Entity): string | undefined {
  return text(entity.metadata.annotations?.[ANNOTATION_PLUGIN_ID]);
}

/** Whether the marketplace reads this entity as a plugin: kind Plugin of one of its apiVersions. */
export function isMarketplacePluginEntity(entity: Entity): boolean {
  return entity.kind.toLowerCase() === 'plugin' && READABLE_API_VERSIONS.includes(entity.apiVersion);
}

/** The Package entities the plugin is made of, by the `hasPart` relations the catalog module adds. */
export function packageRefsOf(entity: Entity): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === RELATION_HAS_PART && parseEntityRef(r.targetRef).kind === 'package')
    .map(r => r.targetRef);
}

/** The packages listed inline in `spec.packages` (the marketplace kind lists objects; RHDH's lists refs). */
function inlinePackages(entity: Entity): NamedPackage[] {
  const list = Array.isArray(entity.spec?.packages) ? entity.spec.packages : [];
  return list.flatMap(item => {
    const name = text(object(item).name);
    return name ? [{ name, role: text(object(item).role) }] : [];
  });
}

/** The refs listed in RHDH's `spec.packages`, in their order. */
function listedPackageRefs(entity: Entity): string[] {
  const list = Array.isArray(entity.spec?.packages) ? entity.spec.packages : [];
  return list.flatMap(item => {
    const ref = text(item);
    if (!ref) return [];
    try {
      return [
        stringifyEntityRef(
          parseEntityRef(ref, {
            defaultKind: 'Package',
            defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
          }),
        ),
      ];
    } catch {
      return [];
    }
  });
}

function packageOf(packageEntity: Entity): NamedPackage | undefined {
  const spec = object(packageEntity.spec);
  const name = text(spec.packageName);
  return name ? { name, role: text(spec.role) ?? text(object(spec.backstage).role) } : undefined;
}

/**
 * The marketplace id of a catalog Plugin entity, decided as the backend's
 * catalog source decides it: the `marketplace.backstage.io/plugin-id`
 * annotation when set; else the id of the plugin's main package, found among
 * its inline packages and its Package entities. Undefined when the entity
 * names no package.
 */
export function marketplaceIdOfEntity(
  entity: Entity,
  packageEntities: Entity[] = [],
): string | undefined {
  const explicit = explicitMarketplaceId(entity);
  if (explicit) return explicit;

  // Listed packages come first, as they do in the backend; the first of a name wins.
  const listed = listedPackageRefs(entity);
  const position = (e: Entity) => {
    const index = listed.indexOf(stringifyEntityRef(e));
    return index === -1 ? listed.length : index;
  };
  const fromEntities = [...packageEntities]
    .sort((a, b) => position(a) - position(b))
    .flatMap(e => packageOf(e) ?? []);
  const byName = new Map<string, NamedPackage>();
  for (const pkg of [...inlinePackages(entity), ...fromEntities]) {
    const known = byName.get(pkg.name);
    byName.set(pkg.name, { name: pkg.name, role: known?.role ?? pkg.role });
  }
  const packages = [...byName.values()].map(pkg => ({
    name: pkg.name,
    role:
      pkg.role && (PACKAGE_ROLES as readonly string[]).includes(pkg.role)
        ? (pkg.role as PackageRole)
        : identifyPackage(pkg.name).role,
  }));
  const main = findMainPackage(packages) ?? packages[0];
  return main ? identifyPackage(main.name).pluginId : undefined;
}
