import {
  DependencyAnalysis,
  InstallPlan,
  InstallPlanRequest,
  ResolutionProblem,
  UpdatePlan,
} from '@internal/backstage-plugin-marketplace-common';
import { analyzePlugin } from './analyze';
import { createContext, planInstall } from './planInstall';
import { planUpdates } from './planUpdates';
import { DependencyResolver, PluginUniverse } from './types';

/**
 * The dependency resolver over any {@link PluginUniverse}: each call reads
 * what it needs from the universe in batches, then decides in memory.
 * Answers are deterministic: the same universe and request give the same plan.
 *
 * Versions are chosen newest first (releases that are not deprecated before
 * deprecated ones), among releases that support the app's Backstage version;
 * prereleases only where a range names one or the request allows them. An
 * installed plugin that was not requested keeps its version.
 *
 * @public
 */
export class DefaultDependencyResolver implements DependencyResolver {
  private constructor(private readonly universe: PluginUniverse) {}

  static create(options: { universe: PluginUniverse }): DefaultDependencyResolver {
    return new DefaultDependencyResolver(options.universe);
  }

  async plan(request: InstallPlanRequest): Promise<InstallPlan> {
    const ctx = await createContext(this.universe, request.allowPrerelease === true);
    return (await planInstall(ctx, request)).plan;
  }

  async analyze(
    pluginId: string,
    options: { version?: string; allowPrerelease?: boolean } = {},
  ): Promise<DependencyAnalysis> {
    const ctx = await createContext(this.universe, options.allowPrerelease === true);
    return analyzePlugin(ctx, pluginId, options.version);
  }

  async detectConflicts(request: InstallPlanRequest): Promise<ResolutionProblem[]> {
    const plan = await this.plan(request);
    return plan.problems.filter(p => p.severity === 'error');
  }

  async planUpdates(options: { allowPrerelease?: boolean } = {}): Promise<UpdatePlan> {
    const ctx = await createContext(this.universe, options.allowPrerelease === true);
    return planUpdates(ctx);
  }
}
