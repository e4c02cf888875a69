import { PluginSandbox, SandboxPluginHealth } from '@internal/backstage-plugin-marketplace-node';

/** A sandbox that only remembers which plugins were started. */
export function fakeSandbox(): PluginSandbox & { running: Set<string> } {
  const running = new Set<string>();
  const health = (pluginId: string, state: SandboxPluginHealth['state']) =>
    ({ pluginId, version: '1.0.0', state, failures: 0, restarts: 0, recentViolations: [], grants: [], surface: { routes: [], actions: [], tasks: [], events: [] } } as unknown as SandboxPluginHealth);
  return {
    running,
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
  } as PluginSandbox & { running: Set<string> };
}
