import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { MarketplaceCollatorFactory } from './MarketplaceCollatorFactory';
import { ApiPluginReader } from './pluginReaders';

const SCHEDULE_KEY = 'search.collators.marketplace.schedule';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  // The marketplace's registry sources run first, a second after start-up.
  initialDelay: { seconds: 30 },
};

function readSchedule(config: RootConfigService): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig(SCHEDULE_KEY);
  if (!schedule) return DEFAULT_SCHEDULE;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule);
  } catch (error) {
    throw new InputError(`Invalid schedule at ${SCHEDULE_KEY}: ${error}`);
  }
}

/**
 * Feeds marketplace plugins into Backstage search (documents of type
 * `marketplace`). A module of the search plugin, so it reads the marketplace
 * through its REST API with service credentials; the schedule is
 * `search.collators.marketplace.schedule`, every 10 minutes by default.
 *
 * @public
 */
export const searchModuleMarketplaceCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'marketplace-collator',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ auth, discovery, config, scheduler, indexRegistry }) {
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(readSchedule(config)),
          factory: MarketplaceCollatorFactory.create({
            reader: ApiPluginReader.create({ discovery, auth }),
          }),
        });
      },
    });
  },
});
