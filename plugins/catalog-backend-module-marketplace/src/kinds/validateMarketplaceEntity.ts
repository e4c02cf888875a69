import { Entity, entityKindSchemaValidator } from '@backstage/catalog-model';
import { describeSchemaError } from './describeSchemaError';
import {
  EXTENSIONS_API_VERSION,
  MARKETPLACE_API_VERSION,
  MARKETPLACE_KINDS,
} from './constants';
import {
  extensionsPackageSchema,
  extensionsPluginCollectionSchema,
  extensionsPluginSchema,
} from './extensionsSchemas';
import {
  marketplacePackageV1alpha1Schema,
  marketplacePluginCollectionV1alpha1Schema,
  marketplacePluginV1alpha1Schema,
} from './marketplaceSchemas';

const SCHEMAS: Record<string, Record<string, unknown>> = {
  [MARKETPLACE_API_VERSION]: {
    [MARKETPLACE_KINDS.plugin]: marketplacePluginV1alpha1Schema,
    [MARKETPLACE_KINDS.package]: marketplacePackageV1alpha1Schema,
    [MARKETPLACE_KINDS.collection]: marketplacePluginCollectionV1alpha1Schema,
  },
  [EXTENSIONS_API_VERSION]: {
    [MARKETPLACE_KINDS.plugin]: extensionsPluginSchema,
    [MARKETPLACE_KINDS.package]: extensionsPackageSchema,
    [MARKETPLACE_KINDS.collection]: extensionsPluginCollectionSchema,
  },
};

const key = (apiVersion: string, kind: string) => `${apiVersion}|${kind}`;

const KNOWN = new Set(
  Object.entries(SCHEMAS).flatMap(([apiVersion, kinds]) =>
    Object.keys(kinds).map(kind => key(apiVersion, kind)),
  ),
);

/**
 * Whether the entity is of one of the marketplace kinds under one of the
 * apiVersions this module knows, whether valid or not.
 *
 * @public
 */
export function isMarketplaceEntity(entity: Entity): boolean {
  return KNOWN.has(key(entity.apiVersion, entity.kind));
}

/**
 * Checks an entity of one of the marketplace kinds against the JSON Schema of
 * its kind and apiVersion.
 *
 * Returns `false` for entities of other kinds or apiVersions, `true` for
 * valid ones, and throws a `TypeError` naming the field for invalid ones,
 * e.g. `Plugin "my-plugin" is invalid: spec.category must be one of ci-cd, …`.
 *
 * @public
 */
export type MarketplaceEntityValidator = (entity: Entity) => boolean;

/**
 * Compiles the schemas of all marketplace kinds once.
 *
 * @public
 */
export function createMarketplaceEntityValidator(): MarketplaceEntityValidator {
  const validators = new Map<string, (data: unknown) => Entity | false>();
  for (const [apiVersion, kinds] of Object.entries(SCHEMAS)) {
    for (const [kind, schema] of Object.entries(kinds)) {
      validators.set(key(apiVersion, kind), entityKindSchemaValidator(schema));
    }
  }

  return entity => {
    const validate = validators.get(key(entity.apiVersion, entity.kind));
    if (!validate) {
      return false;
    }
    try {
      return validate(entity) !== false;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TypeError(
        `${entity.kind} "${
          entity.metadata.name
        }" is invalid: ${describeSchemaError(message)}`,
      );
    }
  };
}
