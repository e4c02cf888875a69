import { ReplicaStatus, RollingRestartStatus } from '@internal/backstage-plugin-marketplace-common';
import { Installation } from '../InstallJobStore';
import { RESTART_TARGETS } from '../roles';
import { ReplicaRecord, RestartRequest } from './ReplicaStore';

/** Installations a replica should run (not those failing or on their way). */
const RUNNABLE = new Set(['installed', 'pending-restart']);

/** What a replica running `serving` lacks of the desired state, and what it runs that was removed. */
export function behindOf(serving: Record<string, string>, installations: Installation[]): ReplicaStatus['behind'] {
  const behind: ReplicaStatus['behind'] = [];
  const wanted = installations.filter(i => RESTART_TARGETS.has(i.target ?? '') && RUNNABLE.has(i.status));
  for (const installation of wanted) {
    const running = serving[installation.pluginId];
    if (running === installation.version) continue;
    behind.push({
      pluginId: installation.pluginId,
      message: running
        ? `runs ${installation.pluginId} ${running}, not ${installation.version}`
        : `does not run ${installation.pluginId} ${installation.version} yet`,
    });
  }
  const installed = new Set(installations.map(i => i.pluginId));
  for (const [pluginId, version] of Object.entries(serving)) {
    if (!installed.has(pluginId)) behind.push({ pluginId, message: `still runs ${pluginId} ${version}, which was removed` });
  }
  return behind.sort((a, b) => a.pluginId.localeCompare(b.pluginId));
}

/** The replicas as the API shows them, and the rolling restart while replicas started before it remain. */
export function describeReplicas(options: {
  replicas: ReplicaRecord[];
  installations: Installation[];
  selfId: string;
  request?: RestartRequest;
}): { replicas: ReplicaStatus[]; rolling?: RollingRestartStatus } {
  const { request } = options;
  const replicas = options.replicas.map(r => ({
    id: r.id,
    hostname: r.hostname,
    pid: r.pid,
    startedAt: new Date(r.startedAt).toISOString(),
    lastSeenAt: new Date(r.heartbeatAt).toISOString(),
    supervised: r.supervised,
    self: r.id === options.selfId,
    restarting: r.restartingAt !== undefined,
    behind: behindOf(r.serving, options.installations),
  }));
  const remaining = request
    ? options.replicas.filter(r => r.supervised && r.startedAt < request.requestedAt).map(r => r.id)
    : [];
  if (!request || remaining.length === 0) return { replicas };
  return {
    replicas,
    rolling: { requestedAt: new Date(request.requestedAt).toISOString(), requestedBy: request.requestedBy, remaining },
  };
}
