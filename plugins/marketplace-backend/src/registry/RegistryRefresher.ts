import { SchedulerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';

/**
 * Runs registry sources now instead of at their next scheduled time.
 *
 * @public
 */
export interface RegistryRefresher {
  refresh(source?: string): Promise<{ triggered: string[]; alreadyRunning: string[] }>;
}

/**
 * Triggers the sources' scheduled tasks, so a refresh runs on whichever
 * replica the scheduler picks, never twice at once.
 *
 * @public
 */
export class ScheduledRegistryRefresher implements RegistryRefresher {
  private constructor(
    private readonly scheduler: SchedulerService,
    private readonly sourceIds: string[],
  ) {}

  static taskId(source: string) {
    return `marketplace-registry-${source}`;
  }

  static create(options: { scheduler: SchedulerService; sourceIds: string[] }) {
    return new ScheduledRegistryRefresher(options.scheduler, options.sourceIds);
  }

  async refresh(source?: string) {
    if (source && !this.sourceIds.includes(source)) {
      throw new NotFoundError(`Source '${source}' is not configured`);
    }
    const result = { triggered: [] as string[], alreadyRunning: [] as string[] };
    for (const id of source ? [source] : this.sourceIds) {
      try {
        await this.scheduler.triggerTask(ScheduledRegistryRefresher.taskId(id));
        result.triggered.push(id);
      } catch (error) {
        if ((error as Error).name !== 'ConflictError') throw error;
        result.alreadyRunning.push(id);
      }
    }
    return result;
  }
}
