export { pluginSandboxServiceRef } from './PluginSandbox';
export type { PluginSandbox } from './PluginSandbox';
export { SANDBOX_LOG_LEVELS } from './types';
export type {
  SandboxCallOptions,
  SandboxHttpRequest,
  SandboxHttpResponse,
  SandboxLatency,
  SandboxLogEntry,
  SandboxLogLevel,
  SandboxLogQuery,
  SandboxPluginDefinition,
  SandboxPluginHealth,
  SandboxPluginMetrics,
  SandboxPluginState,
  SandboxPluginSurface,
  SandboxViolation,
  SandboxViolationKind,
} from './types';
