import {
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RegistrySource } from '@internal/backstage-plugin-marketplace-node';
import { CatalogRegistrySource } from './catalog/CatalogRegistrySource';
import { FirstPartyRegistrySource } from './firstParty/FirstPartyRegistrySource';
import { NpmRegistrySource } from './npm/NpmRegistrySource';
import { SeedRegistrySource } from './seed/SeedRegistrySource';

/** A source with the schedule it runs on. */
export interface ScheduledSource {
  source: RegistrySource;
  frequencyMinutes: number;
}

/**
 * The sources this plugin ships, as configured under `marketplace.sources`.
 */
export function builtInSources(options: {
  config: RootConfigService;
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
}): ScheduledSource[] {
  const { config, logger } = options;
  const sources: ScheduledSource[] = [
    { source: FirstPartyRegistrySource.fromFile(), frequencyMinutes: 60 },
  ];

  const seed = config.getOptionalConfig('marketplace.sources.seed');
  if (seed?.getOptionalBoolean('enabled') ?? true) {
    const file = seed?.getOptionalString('file');
    sources.push({
      source: SeedRegistrySource.fromFile(file),
      frequencyMinutes: seed?.getOptionalNumber('frequencyMinutes') ?? 60,
    });
  }

  const catalog = config.getOptionalConfig('marketplace.sources.catalog');
  if (catalog?.getOptionalBoolean('enabled') ?? true) {
    sources.push({
      source: CatalogRegistrySource.create({ catalog: options.catalog, auth: options.auth }),
      frequencyMinutes: catalog?.getOptionalNumber('frequencyMinutes') ?? 1,
    });
  }

  const npm = NpmRegistrySource.fromConfig(config, { logger });
  if (npm) {
    sources.push({
      source: npm,
      frequencyMinutes:
        config.getOptionalNumber('marketplace.sources.npm.frequencyMinutes') ?? 60,
    });
  }
  return sources;
}
