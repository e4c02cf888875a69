import { ConflictError, InputError } from '@backstage/errors';
import { InstallPlan, InstallRequest } from '@internal/backstage-plugin-marketplace-common';
import { DependencyResolver } from '@internal/backstage-plugin-marketplace-node';
import { ConfigurationGenerator } from '../configuration/ConfigurationGenerator';

/**
 * Checks each plugin's part of app-config in an install request against the
 * plugin's schema; the first mistake is an InputError naming its field
 * (`Field 'config.acme.todo.todo.baseUrl': …`).
 */
export async function validateInstallConfig(request: InstallRequest, generator: ConfigurationGenerator): Promise<void> {
  const requested = new Set(request.plugins.map(p => p.pluginId));
  for (const [pluginId, config] of Object.entries(request.config ?? {})) {
    if (!requested.has(pluginId)) {
      throw new InputError(`Field 'config.${pluginId}': ${pluginId} is not one of the plugins to install`);
    }
    const validation = await generator.validate(pluginId, config);
    if (!validation.valid) {
      const first = validation.errors[0];
      throw new InputError(`Field 'config.${pluginId}${first.path.replace(/\//g, '.')}': ${first.message}`);
    }
  }
}

/** The resolver's plan for an install request; a ConflictError with the resolver's words when there is none. */
export async function planInstall(request: InstallRequest, resolver: DependencyResolver): Promise<InstallPlan> {
  const plan = await resolver.plan({ plugins: request.plugins, allowPrerelease: request.allowPrerelease });
  if (!plan.ok) {
    const problems = plan.problems.filter(p => p.severity === 'error').map(p => p.message);
    throw new ConflictError(`The plugins cannot be installed: ${problems.join('; ')}`);
  }
  return plan;
}
