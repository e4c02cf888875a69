import { PluginSandbox, SandboxPluginHealth } from '@internal/backstage-plugin-marketplace-node';

/** A sandbox that only remembers which plugins were started and whose data was deleted. */
export function fakeSandbox(): PluginSandbox & { running: Set<string>; dataDeleted: string[] } {
  const running = new Set<string>();
  const dataDeleted: string[] = [];
  const health = (pluginId: string, state: SandboxPluginHealth['state']) =>
    ({ pluginId, version: '1.0.0', state, failures: 0, restarts: 0, recentViolations: [], grants: [], surface: { routes: [], actions: [], tasks: [], events: [] } } as unknown as SandboxPluginHealth);
  return {
    running,
    dataDeleted,
    deletePluginData: async pluginId => {
      if (running.has(pluginId)) throw new Error(`${pluginId} is running`);
      dataDeleted.push(pluginId);
    },
    startPlugin: async definition => {
      running.add(definition.spec.id);
      return health(definition.spec.id, 'running');
    },
    stopPlugin: async pluginId => {
      running.delete(pluginId);
      return health(pluginId, 'stopped');
    },
    getHealth: async pluginId => {
      if (!running.has(pluginId)) throw new Error(`unknown ${pluginId}`);
      return health(pluginId, 'running');
    },
  } as PluginSandbox & { running: Set<string>; dataDeleted: string[] };
}
