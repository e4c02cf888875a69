import { Installation } from '../InstallJobStore';
import { behindOf, describeReplicas } from './describeReplicas';
import { ReplicaRecord } from './ReplicaStore';

const installation = (pluginId: string, version: string, overrides: Partial<Installation> = {}): Installation => ({
  pluginId,
  version,
  status: 'installed',
  installedAt: '2026-11-30T00:00:00.000Z',
  updatedAt: '2026-11-30T00:00:00.000Z',
  target: 'backend',
  packages: [],
  ...overrides,
});

const record = (id: string, overrides: Partial<ReplicaRecord> = {}): ReplicaRecord => ({
  id,
  hostname: `host-${id}`,
  pid: 7,
  startedAt: 1_000,
  heartbeatAt: 5_000,
  supervised: true,
  serving: {},
  ...overrides,
});

describe('behindOf', () => {
  const installations = [
    installation('acme.todo', '2.0.0'),
    installation('acme.graph', '1.0.0', { target: 'frontend', status: 'pending-restart' }),
    installation('acme.hello', '1.0.0', { target: 'sandbox' }),
    installation('acme.broken', '1.0.0', { status: 'failed' }),
  ];

  it('names what a replica lacks, runs at another version, and still runs after its removal', () => {
    expect(behindOf({ 'acme.todo': '1.0.0', 'acme.gone': '3.0.0' }, installations)).toEqual([
      { pluginId: 'acme.gone', message: 'still runs acme.gone 3.0.0, which was removed' },
      { pluginId: 'acme.graph', message: 'does not run acme.graph 1.0.0 yet' },
      { pluginId: 'acme.todo', message: 'runs acme.todo 1.0.0, not 2.0.0' },
    ]);
  });

  it('is empty for a replica that runs every backend and frontend plugin; sandboxed and failed ones do not count', () => {
    expect(behindOf({ 'acme.todo': '2.0.0', 'acme.graph': '1.0.0', 'acme.broken': '1.0.0' }, installations)).toEqual([]);
  });
});

describe('describeReplicas', () => {
  it('marks the answering replica and a restarting one, and lists the replicas a rolling restart still has to restart', () => {
    const described = describeReplicas({
      replicas: [
        record('a', { startedAt: 9_000 }),
        record('b', { restartingAt: 8_500 }),
        record('c'),
        record('plain', { supervised: false }),
      ],
      installations: [installation('acme.todo', '1.0.0')],
      selfId: 'a',
      request: { id: 1, requestedAt: 8_000, requestedBy: 'user:default/ada' },
    });
    expect(described.replicas.map(r => [r.id, r.self, r.restarting, r.behind.length])).toEqual([
      ['a', true, false, 1],
      ['b', false, true, 1],
      ['c', false, false, 1],
      ['plain', false, false, 1],
    ]);
    expect(described.replicas[0].startedAt).toBe(new Date(9_000).toISOString());
    expect(described.rolling).toEqual({
      requestedAt: new Date(8_000).toISOString(),
      requestedBy: 'user:default/ada',
      remaining: ['b', 'c'],
    });
  });

  it('has no rolling restart once every replica that can restart started after the request', () => {
    const described = describeReplicas({
      replicas: [record('a', { startedAt: 9_000 }), record('plain', { supervised: false })],
      installations: [],
      selfId: 'a',
      request: { id: 1, requestedAt: 8_000, requestedBy: 'user:default/ada' },
    });
    expect(described.rolling).toBeUndefined();
  });
});
