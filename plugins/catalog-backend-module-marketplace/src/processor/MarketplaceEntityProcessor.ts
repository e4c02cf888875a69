import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { MARKETPLACE_KINDS } from '../kinds/constants';
import {
  createMarketplaceEntityValidator,
  isMarketplaceEntity,
  MarketplaceEntityValidator,
} from '../kinds/validateMarketplaceEntity';

/**
 * Teaches the catalog the marketplace kinds, `Plugin`, `Package` and
 * `PluginCollection`, under `marketplace.backstage.io/v1alpha1` and Red Hat
 * Developer Hub's `extensions.backstage.io/v1alpha1`.
 *
 * An invalid entity fails validation with an error that names the field;
 * the catalog records it on that entity and goes on with the others. Valid
 * ones get their ownership and part-of relations, both directions.
 *
 * @public
 */
export class MarketplaceEntityProcessor implements CatalogProcessor {
  private readonly validate: MarketplaceEntityValidator =
    createMarketplaceEntityValidator();

  getProcessorName(): string {
    return 'MarketplaceEntityProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    return this.validate(entity);
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isMarketplaceEntity(entity)) {
      return entity;
    }
    const self = getCompoundEntityRef(entity);
    const spec = entity.spec ?? {};

    const relate = (
      refs: unknown,
      defaultKind: string,
      [outgoing, incoming]: [string, string],
    ) => {
      for (const ref of [refs].flat()) {
        if (typeof ref !== 'string') {
          continue;
        }
        let target: CompoundEntityRef;
        try {
          target = parseEntityRef(ref, {
            defaultKind,
            defaultNamespace: self.namespace,
          });
        } catch (error) {
          emit(
            processingResult.inputError(
              location,
              `${entity.kind} "${
                self.name
              }" has an invalid entity reference "${ref}": ${String(error)}`,
            ),
          );
          continue;
        }
        emit(
          processingResult.relation({ source: self, type: outgoing, target }),
        );
        emit(
          processingResult.relation({
            source: target,
            type: incoming,
            target: self,
          }),
        );
      }
    };

    relate(spec.owner, 'Group', [RELATION_OWNED_BY, RELATION_OWNER_OF]);
    switch (entity.kind) {
      case MARKETPLACE_KINDS.plugin:
        // RHDH lists Package entities here; our kind lists npm packages inline.
        if (Array.isArray(spec.packages)) {
          relate(
            spec.packages.filter(p => typeof p === 'string'),
            MARKETPLACE_KINDS.package,
            [RELATION_HAS_PART, RELATION_PART_OF],
          );
        }
        break;
      case MARKETPLACE_KINDS.package:
        relate(spec.partOf, MARKETPLACE_KINDS.plugin, [
          RELATION_PART_OF,
          RELATION_HAS_PART,
        ]);
        break;
      case MARKETPLACE_KINDS.collection:
        relate(spec.plugins, MARKETPLACE_KINDS.plugin, [
          RELATION_HAS_PART,
          RELATION_PART_OF,
        ]);
        break;
      default:
        break;
    }
    return entity;
  }
}
