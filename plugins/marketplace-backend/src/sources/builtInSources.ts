import { LoggerService, RootConfigService } from '@backstage/backend-plugin-api';
import { RegistrySource } from '@internal/backstage-plugin-marketplace-node';
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
