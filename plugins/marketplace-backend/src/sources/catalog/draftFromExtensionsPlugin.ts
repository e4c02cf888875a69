import {
  Entity,
  EntityLink,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  DocumentationSpec,
  PLUGIN_CATEGORIES,
  PluginAuthor,
  PluginCategory,
} from '@internal/backstage-plugin-marketplace-common';
import { titleFromPluginName } from '../../registry/identity';
import {
  CatalogPackage,
  object,
  PackageIndex,
  resolveRef,
  text,
  texts,
} from './catalogEntities';
import { PluginDraft, withoutUndefined } from './buildListing';

// RHDH links carry no type; their titles say what they are.
const LINK_TITLES: Array<[RegExp, keyof DocumentationSpec]> = [
  [/home/i, 'homepage'],
  [/source|repo/i, 'repository'],
  [/issue|bug/i, 'bugs'],
];

/**
 * Reads a Red Hat Developer Hub `extensions.backstage.io/v1alpha1` Plugin as
 * RHDH writes it: packages are refs to Package entities (or Packages say they
 * are `partOf` it), the author is one of `authors`, `author`, `developer` or
 * `publisher`, categories are free text, and `spec.description` is the
 * Markdown of the details page.
 */
export function draftFromExtensionsPlugin(
  entity: Entity,
  packages: PackageIndex,
): PluginDraft {
  const { metadata } = entity;
  const spec = object(entity.spec) ?? {};

  const missing: string[] = [];
  const listed = texts(spec.packages).flatMap((ref): CatalogPackage[] => {
    const full = resolveRef(ref, 'Package', metadata.namespace);
    const pkg = full ? packages.get(full) : undefined;
    if (!pkg) missing.push(ref);
    return pkg ? [pkg] : [];
  });
  const categories = texts(spec.categories);
  const readme = [text(spec.description), text(spec.installation)]
    .filter(Boolean)
    .join('\n\n');

  return {
    spec: {
      name: text(metadata.title) ?? titleFromPluginName(metadata.name),
      description: text(metadata.description) ?? '',
      tags: texts(metadata.tags),
      environmentVariables: [],
      provides: [],
      requires: [],
      permissions: [],
      documentation: withoutUndefined({
        ...documentationFromLinks(metadata.links),
        readme: readme || undefined,
      }),
    },
    author: authorOf(entity),
    category: categories.map(matchCategory).find(Boolean),
    keywords: categories,
    packages: [...listed, ...packages.partOf(stringifyEntityRef(entity))],
    deprecated:
      text(spec.lifecycle) === 'deprecated'
        ? 'Its owner marked the plugin deprecated.'
        : undefined,
    noPackagesHint: missing.length
      ? `these Package entities are not in the catalog: ${missing.join(', ')}`
      : undefined,
  };
}

function authorOf(entity: Entity): PluginAuthor | undefined {
  const spec = object(entity.spec) ?? {};
  const candidates = [
    ...(Array.isArray(spec.authors) ? spec.authors : []),
    spec.author,
    spec.developer,
    spec.publisher,
    object(spec.support)?.provider,
  ];
  for (const candidate of candidates) {
    const name = text(candidate) ?? text(object(candidate)?.name);
    if (name) {
      return withoutUndefined({ name, url: text(object(candidate)?.url) });
    }
  }
  return undefined;
}

function documentationFromLinks(
  links: EntityLink[] | undefined,
): DocumentationSpec {
  const documentation: DocumentationSpec = {};
  for (const link of links ?? []) {
    const field = LINK_TITLES.find(([pattern]) =>
      pattern.test(link.title ?? ''),
    )?.[1];
    if (field && !documentation[field]) {
      documentation[field] = link.url;
    }
  }
  return documentation;
}

/** `CI/CD` → `ci-cd`: a free-text category that is one of ours by id or title. */
function matchCategory(value: string): PluginCategory | undefined {
  const wanted = value.trim().toLowerCase();
  return PLUGIN_CATEGORIES.find(
    c => c.id === wanted || c.title.toLowerCase() === wanted,
  )?.id;
}
