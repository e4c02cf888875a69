import { BackstageCredentials, LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { JsonObject, JsonValue } from '@backstage/types';
import { SandboxLogs } from './logs/SandboxLogs';
import { PluginSupervisor } from './PluginSupervisor';

/**
 * The name a plugin action has in Backstage's actions registry
 * (`marketplace:<name>` for MCP clients): letters, digits and dashes.
 */
export function sandboxActionName(pluginId: string, action: string): string {
  return `sandbox-${pluginId}-${action}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '');
}

/**
 * Wires what running plugins offer into Backstage: actions into the actions
 * registry, tasks into the scheduler, event handlers onto the events service.
 * None of these can be withdrawn, so each is registered once per backend
 * process and looks the plugin up when it fires: a stopped plugin's action
 * answers that it is not running, its tasks and handlers do nothing.
 */
export class SandboxSurface {
  private readonly actions = new Set<string>();
  private readonly tasks = new Set<string>();
  private readonly topics = new Set<string>();

  private constructor(
    private readonly deps: {
      logger: LoggerService;
      logs?: SandboxLogs;
      events: EventsService;
      scheduler?: SchedulerService;
      actionsRegistry?: ActionsRegistryService;
      runTask: (pluginId: string, task: string) => Promise<void>;
      deliverEvent: (topic: string, event: EventParams) => Promise<void>;
      invokeAction: (
        pluginId: string,
        action: string,
        input: JsonObject,
        credentials: BackstageCredentials,
      ) => Promise<JsonValue>;
    },
  ) {}

  static create(deps: SandboxSurface['deps']): SandboxSurface {
    return new SandboxSurface(deps);
  }

  /** Whether the plugin may receive events of `topic`: declared in `requires` and granted. */
  static maySubscribe(supervisor: PluginSupervisor, topic: string): boolean {
    const { spec, grants } = supervisor.plugin;
    return grants.has('events.subscribe') && spec.requires.some(c => c.type === 'event' && c.id === topic);
  }

  /** Registers what the plugin's running isolate exports and was not registered yet. */
  attach(supervisor: PluginSupervisor) {
    const { id } = supervisor;
    const exports = supervisor.exports;
    const registry = this.deps.actionsRegistry;
    for (const [action, meta] of Object.entries(exports.actions)) {
      const name = sandboxActionName(id, action);
      if (!registry || this.actions.has(name)) continue;
      this.actions.add(name);
      try {
        registry.register({
          name,
          title: meta.title,
          description: `${meta.description} (sandboxed marketplace plugin ${id})`.trim(),
          attributes: { readOnly: meta.readOnly, destructive: meta.destructive, idempotent: meta.idempotent },
          schema: {
            input: z => z.object({}).passthrough(),
            output: z => z.object({ result: z.unknown() }),
          },
          action: async ({ input, credentials }) => ({
            output: { result: await this.deps.invokeAction(id, action, input as JsonObject, credentials) },
          }),
        });
      } catch (error) {
        this.deps.logger.warn(`Could not register action ${name} of sandboxed plugin ${id}: ${error}`);
      }
    }

    const scheduler = this.deps.scheduler;
    for (const [task, meta] of Object.entries(exports.tasks)) {
      const taskId = `marketplace-sandbox:${id}:${task}`;
      if (!scheduler || this.tasks.has(taskId)) continue;
      this.tasks.add(taskId);
      scheduler
        .scheduleTask({
          id: taskId,
          frequency: { minutes: Math.max(1, Math.round(meta.frequencyMinutes)) },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          scope: 'global',
          fn: () => this.deps.runTask(id, task),
        })
        .catch(error => this.deps.logger.warn(`Could not schedule ${taskId}: ${error}`));
    }

    for (const topic of exports.events) {
      if (!SandboxSurface.maySubscribe(supervisor, topic)) {
        this.deps.logs?.host(id, 'warn', `not subscribed to ${topic}: the manifest must require it (type event) and events.subscribe must be granted`);
        continue;
      }
      if (this.topics.has(topic)) continue;
      this.topics.add(topic);
      this.deps.events
        .subscribe({
          id: `marketplace-sandbox-${topic}`.replace(/[^A-Za-z0-9_.-]+/g, '-'),
          topics: [topic],
          onEvent: event => this.deps.deliverEvent(topic, event),
        })
        .catch(error => {
          this.topics.delete(topic);
          this.deps.logger.warn(`Could not subscribe sandboxed plugins to ${topic}: ${error}`);
        });
    }
  }
}
