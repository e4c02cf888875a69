import { Entity } from '@backstage/catalog-model';
import {
  formatFieldErrors,
  PackageRole,
  PluginAuthor,
  PluginCategory,
  PluginSpecification,
  pluginSpecificationSchema,
  validatePluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import { ListingInput } from '@internal/backstage-plugin-marketplace-node';
import semver from 'semver';
import { classifyPlugin } from '../../registry/classify/classify';
import {
  findMainPackage,
  identifyPackage,
  publisherFromScope,
} from '../../registry/identity';
import { ANNOTATION_PLUGIN_ID, CatalogPackage, text } from './catalogEntities';

/**
 * What a Plugin entity says, read but not yet a specification: the parts
 * that depend on its packages (id, version, installation) and the category
 * are settled by {@link buildListing} the same way for both apiVersions.
 */
export interface PluginDraft {
  spec: Omit<
    PluginSpecification,
    | 'id'
    | 'version'
    | 'author'
    | 'category'
    | 'installation'
    | 'dependencies'
    | 'peerDependencies'
  >;
  author?: PluginAuthor;
  version?: string;
  category?: PluginCategory;
  /** Words that hint at a category when none is declared. */
  keywords: string[];
  /** Inline and Package-entity packages; the first of a name wins. */
  packages: CatalogPackage[];
  /** Why the plugin is deprecated, when its lifecycle says so. */
  deprecated?: string;
  /** Said when the plugin has no packages, e.g. which listed ones are missing. */
  noPackagesHint?: string;
}

/** A field of the entity at fault, and what is wrong with it. */
export interface DraftProblem {
  field: string;
  message: string;
}

const ROLES: readonly string[] =
  pluginSpecificationSchema.properties.installation.properties.packages.items
    .properties.role.enum;

// Where the specification's fields come from in a Plugin entity, so that a
// problem names what the author wrote.
const ENTITY_FIELDS: Array<[string, string]> = [
  ['/name', '/metadata/title'],
  ['/description', '/metadata/description'],
  ['/tags', '/metadata/tags'],
  ['/installation/packages', '/spec/packages'],
];

/**
 * Settles a draft into a listing, or says which field of the entity keeps it
 * from being one.
 *
 * The id rule: the `marketplace.backstage.io/plugin-id` annotation when set;
 * else the id the npm and seed sources derive from the plugin's main package
 * (`@acme/plugin-todo` → `acme.todo`), so that a plugin described in the
 * catalog takes the place of the same plugin read from npm rather than being
 * listed twice.
 */
export function buildListing(
  entity: Entity,
  draft: PluginDraft,
): ListingInput | DraftProblem {
  const packages = mergePackages(draft.packages);
  if (packages.length === 0) {
    return {
      field: '/spec/packages',
      message: `lists no npm packages, so there is nothing to install${
        draft.noPackagesHint ? `: ${draft.noPackagesHint}` : ''
      }`,
    };
  }
  const version = draft.version ?? highestVersion(packages);
  if (!version) {
    return {
      field: '/spec/version',
      message: 'is missing, and none of the packages declares a version',
    };
  }

  const main = findMainPackage(packages) ?? packages[0];
  const explicitId = text(entity.metadata.annotations?.[ANNOTATION_PLUGIN_ID]);
  const scope = /^@([^/]+)\//.exec(main.name)?.[1];
  const names = packages.map(p => p.name);
  const { spec: partial } = draft;

  const spec = withoutUndefined<PluginSpecification>({
    ...partial,
    id: explicitId ?? identifyPackage(main.name).pluginId,
    version,
    author: draft.author ?? { name: publisherFromScope(scope) },
    category:
      draft.category ??
      classifyPlugin({
        name: entity.metadata.name,
        description: partial.description,
        tags: partial.tags,
        packages: names,
        keywords: draft.keywords,
      }),
    backstageVersion:
      partial.backstageVersion ??
      packages.find(p => p.backstageVersion)?.backstageVersion,
    dependencies: {},
    peerDependencies: {},
    installation: {
      method: partial.sandbox ? 'sandbox' : 'npm',
      packages: packages.map(p => ({
        name: p.name,
        role: p.role,
        version: p.version ?? version,
      })),
      requiresRestart: packages.some(p => p.role.startsWith('backend')),
    },
  });

  const validation = validatePluginSpecification(spec);
  if (!validation.valid) {
    const [first] = validation.errors;
    return {
      field:
        first.field === '/id' && explicitId
          ? `/metadata/annotations/${ANNOTATION_PLUGIN_ID.replace('/', '~1')}`
          : entityField(first.field),
      message: formatFieldErrors(validation.errors),
    };
  }

  return {
    spec: validation.value,
    packages: packages.map(p =>
      withoutUndefined({
        name: p.name,
        role: p.role,
        version: p.version ?? version,
        description: p.description,
      }),
    ),
    versions: [
      withoutUndefined({
        version,
        backstageVersion: spec.backstageVersion,
        deprecated: draft.deprecated,
      }),
    ],
    categoryDeclared: draft.category !== undefined,
  };
}

type RoledPackage = CatalogPackage & { role: PackageRole };

function mergePackages(packages: CatalogPackage[]): RoledPackage[] {
  const byName = new Map<string, CatalogPackage>();
  for (const pkg of packages) {
    const known = byName.get(pkg.name);
    byName.set(pkg.name, known ? { ...pkg, ...withoutUndefined(known) } : pkg);
  }
  return [...byName.values()].map(pkg => ({
    ...pkg,
    role:
      pkg.role && ROLES.includes(pkg.role)
        ? (pkg.role as PackageRole)
        : identifyPackage(pkg.name).role,
  }));
}

function highestVersion(packages: CatalogPackage[]): string | undefined {
  const versions = packages.flatMap(p =>
    p.version && semver.valid(p.version) ? [p.version] : [],
  );
  return versions.length ? semver.rsort(versions)[0] : undefined;
}

function entityField(pointer: string): string {
  for (const [from, to] of ENTITY_FIELDS) {
    if (pointer === from || pointer.startsWith(`${from}/`)) {
      return to + pointer.slice(from.length);
    }
  }
  return pointer === '/id' ? '/metadata/name' : `/spec${pointer}`;
}

/** The object without its undefined fields, which the schema would reject. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
