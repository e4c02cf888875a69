import { LoggerService } from '@backstage/backend-plugin-api';
import { PluginSandbox, SandboxPluginDefinition } from '@internal/backstage-plugin-marketplace-node';

/**
 * Starts the bundled plugins named in `marketplace.sandbox.autostart`. A name
 * that is not bundled, or a plugin that fails to start, is logged; the
 * backend starts regardless.
 */
export async function autostartPlugins(options: {
  sandbox: PluginSandbox;
  ids: string[];
  lookup: { get(pluginId: string): Promise<SandboxPluginDefinition | undefined> };
  logger: LoggerService;
}): Promise<void> {
  const { sandbox, ids, lookup, logger } = options;
  for (const id of ids) {
    try {
      const definition = await lookup.get(id);
      if (!definition) {
        logger.warn(`marketplace.sandbox.autostart names ${id}, which is not a bundled sandboxed plugin`);
        continue;
      }
      const health = await sandbox.startPlugin(definition);
      if (health.state === 'running') logger.info(`Sandboxed plugin ${id} started`);
      else logger.warn(`Sandboxed plugin ${id} did not start: ${health.reason}`);
    } catch (error) {
      logger.warn(`Sandboxed plugin ${id} could not be started: ${error}`);
    }
  }
}
