import { LoggerService, RootConfigService } from '@backstage/backend-plugin-api';
import { RegistrySource } from '@internal/backstage-plugin-marketplace-node';
import { FirstPartyRegistrySource } from './firstParty/FirstPartyRegistrySource';
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
  const { config } = options;
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
  return sources;
}
