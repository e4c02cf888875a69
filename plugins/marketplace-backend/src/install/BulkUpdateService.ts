import { ConflictError, InputError } from '@backstage/errors';
import {
  BulkUpdateRequest,
  BulkUpdateResponse,
  PlannedUpdate,
  ResolutionProblem,
  SkippedUpdate,
  UpdatePlan,
} from '@internal/backstage-plugin-marketplace-common';
import { DependencyResolver, PluginUniverse } from '@internal/backstage-plugin-marketplace-node';
import { randomUUID } from 'node:crypto';
import { InstallService } from './InstallService';

/**
 * Updates several installed plugins at once.
 *
 * @public
 */
export interface BulkUpdateService {
  /**
   * Updates installed plugins (every one with an update, or those asked for)
   * to the versions of the update plan, as one batch of jobs; a breaking
   * update is skipped with a reason unless `allowBreaking`. A plugin asked
   * for that is not installed is an InputError naming `plugins[i]`.
   */
  update(request: BulkUpdateRequest, options: { requestedBy: string }): Promise<BulkUpdateResponse>;
}

function errorsOf(problems: ResolutionProblem[]): ResolutionProblem[] {
  return problems.filter(p => p.severity === 'error');
}

function concerns(problem: ResolutionProblem, pluginId: string): boolean {
  return problem.pluginId === pluginId || problem.involves.includes(pluginId);
}

/** The updates of the plan to take; the plugins asked for (or with an update) that stay as they are, with why. */
function chooseUpdates(
  plan: UpdatePlan,
  request: BulkUpdateRequest,
  installed: Map<string, string>,
): { chosen: PlannedUpdate[]; skipped: SkippedUpdate[] } {
  const chosen: PlannedUpdate[] = [];
  const skipped: SkippedUpdate[] = [];
  for (const pluginId of new Set(request.plugins ?? plan.updates.map(u => u.pluginId))) {
    const update = plan.updates.find(u => u.pluginId === pluginId);
    if (!update) {
      const heldBack = plan.problems.find(p => p.pluginId === pluginId && p.kind !== 'deprecated');
      skipped.push({ pluginId, reason: heldBack?.message ?? `${installed.get(pluginId)} is the newest version ${pluginId} can take` });
    } else if (update.breaking && !request.allowBreaking) {
      skipped.push({ pluginId, reason: `${update.from} → ${update.to} is a breaking update: send allowBreaking: true to take it` });
    } else {
      chosen.push(update);
    }
  }
  return { chosen, skipped };
}

/**
 * Takes the resolver's update plan, leaves out what may not or cannot be
 * taken, and installs the rest through the install service: one request, so
 * one batch whose jobs wait for the plugins they need.
 *
 * @public
 */
export class DefaultBulkUpdateService implements BulkUpdateService {
  private constructor(
    private readonly deps: {
      install: InstallService;
      resolver: DependencyResolver;
      universe: PluginUniverse;
    },
  ) {}

  static create(deps: DefaultBulkUpdateService['deps']): DefaultBulkUpdateService {
    return new DefaultBulkUpdateService(deps);
  }

  async update(request: BulkUpdateRequest, options: { requestedBy: string }): Promise<BulkUpdateResponse> {
    const { install, resolver, universe } = this.deps;
    const installed = new Map((await universe.getInstalled()).map(i => [i.pluginId, i.version]));
    request.plugins?.forEach((pluginId, i) => {
      if (!installed.has(pluginId)) throw new InputError(`Field 'plugins[${i}]': ${pluginId} is not installed`);
    });
    const updatePlan = await resolver.planUpdates({ allowPrerelease: request.allowPrerelease });
    if (updatePlan.updates.length === 0 && errorsOf(updatePlan.problems).length > 0) {
      throw new ConflictError(`The installed plugins cannot be updated: ${errorsOf(updatePlan.problems).map(p => p.message).join('; ')}`);
    }
    const { chosen, skipped } = chooseUpdates(updatePlan, request, installed);
    let remaining = chosen;
    while (remaining.length > 0) {
      const installRequest = {
        plugins: remaining.map(u => ({ pluginId: u.pluginId, version: u.to })),
        allowPrerelease: request.allowPrerelease,
      };
      const plan = await resolver.plan(installRequest);
      if (plan.ok) {
        const { batchId, jobs, alreadyInProgress } = await install.install(installRequest, options);
        return { batchId, jobs, skipped, alreadyInProgress };
      }
      // The update plan moves every plugin together: without a skipped (breaking) update, another may not fit.
      const errors = errorsOf(plan.problems);
      const blocked = remaining.filter(u => errors.some(p => concerns(p, u.pluginId)));
      if (blocked.length === 0) throw new ConflictError(`The plugins cannot be updated: ${errors.map(p => p.message).join('; ')}`);
      for (const { pluginId } of blocked) {
        skipped.push({ pluginId, reason: errors.filter(p => concerns(p, pluginId)).map(p => p.message).join('; ') });
      }
      remaining = remaining.filter(u => !blocked.includes(u));
    }
    return { batchId: randomUUID(), jobs: [], skipped, alreadyInProgress: [] };
  }
}
