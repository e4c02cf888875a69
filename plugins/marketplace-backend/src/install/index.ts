export { DatabaseInstallJobStore } from './DatabaseInstallJobStore';
export { DatabasePluginLock, lockOwnerId } from './DatabasePluginLock';
export type { PluginLock } from './DatabasePluginLock';
export { InstallJobRunner } from './InstallJobRunner';
export type { RunnerTiming } from './InstallJobRunner';
export { InstallReconciler } from './InstallReconciler';
export type { LocalStateSync } from './InstallReconciler';
export type {
  CreatedJobs,
  Installation,
  InstallJobStore,
  JobFinish,
  NewInstallJob,
  NewJobEvent,
  UndoEntry,
} from './InstallJobStore';
export { PackageStepError } from './InstallSteps';
export type { InstallSteps, StepContext, StepOutcome } from './InstallSteps';
export { createInstallEngine, readInstallSettings } from './createInstallEngine';
export { DefaultInstallService } from './InstallService';
export { DefaultBulkUpdateService } from './BulkUpdateService';
export type { BulkUpdateService } from './BulkUpdateService';
export type { InstallService } from './InstallService';
export { DefaultInstallExporter } from './export/InstallExporter';
export type { InstallExporter } from './export/InstallExporter';
export { supervisedRestart, RESTART_EXIT_CODE } from './restart';
export { ReplicaCoordinator } from './replicas/ReplicaCoordinator';
export { ReplicaStore } from './replicas/ReplicaStore';
export type { ReplicaRecord, RestartRequest } from './replicas/ReplicaStore';
