import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  DocumentationSpec,
  EnvironmentVariableSpec,
  isPluginCategory,
  PluginAuthor,
  PluginCapability,
  PluginPermissionRequest,
  SandboxSpec,
} from '@internal/backstage-plugin-marketplace-common';
import { titleFromPluginName } from '../../registry/identity';
import { object, PackageIndex, text, texts } from './catalogEntities';
import { PluginDraft, withoutUndefined } from './buildListing';

const SOURCE_LOCATION = 'backstage.io/source-location';

/**
 * Reads a `marketplace.backstage.io/v1alpha1` Plugin: title, description and
 * tags from its metadata, the rest from its spec, packages from
 * `spec.packages` and from the Package entities that are part of it.
 *
 * Array and object fields are passed on as written: the specification's
 * schema checks them, and the catalog module checked them before with the
 * same schema.
 */
export function draftFromMarketplacePlugin(
  entity: Entity,
  packages: PackageIndex,
): PluginDraft {
  const { metadata } = entity;
  const spec = object(entity.spec) ?? {};
  const list = <T>(value: unknown) =>
    Array.isArray(value) ? (value as T[]) : [];

  const inline = list<unknown>(spec.packages).flatMap(item => {
    const pkg = object(item);
    const name = text(pkg?.name);
    return name
      ? [{ name, role: text(pkg?.role), version: text(pkg?.version) }]
      : [];
  });
  const documentation: DocumentationSpec = {
    ...(object(spec.documentation) as DocumentationSpec | undefined),
  };
  documentation.repository ??= sourceUrl(
    metadata.annotations?.[SOURCE_LOCATION],
  );

  return {
    spec: withoutUndefined({
      name: text(metadata.title) ?? titleFromPluginName(metadata.name),
      description: text(metadata.description) ?? '',
      license: text(spec.license),
      tags: texts(metadata.tags),
      backstageVersion: text(spec.backstageVersion),
      configSchema: object(spec.configSchema) as JsonObject | undefined,
      environmentVariables: list<EnvironmentVariableSpec>(
        spec.environmentVariables,
      ),
      provides: list<PluginCapability>(spec.provides),
      requires: list<PluginCapability>(spec.requires),
      permissions: list<PluginPermissionRequest>(spec.permissions),
      sandbox: object(spec.sandbox) as SandboxSpec | undefined,
      documentation: withoutUndefined(documentation),
    }),
    author:
      (object(spec.author) as PluginAuthor | undefined) ??
      ownerAsAuthor(entity, spec.owner),
    version: text(spec.version),
    category: isPluginCategory(spec.category) ? spec.category : undefined,
    keywords: [],
    packages: [...inline, ...packages.partOf(stringifyEntityRef(entity))],
    deprecated:
      text(spec.lifecycle) === 'deprecated'
        ? 'Its owner marked the plugin deprecated.'
        : undefined,
  };
}

function ownerAsAuthor(
  entity: Entity,
  owner: unknown,
): PluginAuthor | undefined {
  const ref = text(owner);
  if (!ref) return undefined;
  try {
    const { name } = parseEntityRef(ref, {
      defaultKind: 'Group',
      defaultNamespace: entity.metadata.namespace,
    });
    return { name: titleFromPluginName(name) };
  } catch {
    return undefined;
  }
}

/** `url:https://github.com/acme/todo/tree/main/` → `https://github.com/acme/todo/tree/main/`. */
function sourceUrl(annotation: string | undefined): string | undefined {
  return annotation?.startsWith('url:') ? text(annotation.slice(4)) : undefined;
}
