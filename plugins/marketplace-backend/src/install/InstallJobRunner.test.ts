import { INSTALL_STEPS } from '@internal/backstage-plugin-marketplace-common';
import { databases } from '../__testUtils__/storage';
import { createJobStore, createReplica, drain, FakeSteps, installJob } from './__testUtils__/jobs';

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('Install jobs on %s', databaseId => {
  it('runs a job through every step, one event each with its timing, and records the desired state', async () => {
    const deps = await createJobStore(databaseId);
    const steps = new FakeSteps();
    const replica = createReplica(deps, steps);
    const { jobs } = await deps.store.createJobs({ batchId: 'b1', requestedBy: 'user:default/ada', jobs: [installJob('test.todo')] });
    expect(jobs[0].state).toBe('queued');
    expect((await deps.store.getInstallation('test.todo'))?.status).toBe('installing');

    await drain([replica], deps.store);

    const job = (await deps.store.getJob(jobs[0].id))!;
    expect(job.state).toBe('done');
    expect(job.target).toBe('backend');
    expect(job.result).toEqual({ status: 'pending-restart', message: 'test.todo 1.0.0 is ready; restart the backend to load it' });
    expect(steps.ran.map(r => r.step)).toEqual([...INSTALL_STEPS]);
    const events = await deps.store.listEvents(job.id);
    expect(events.map(e => `${e.step}:${e.status}`)).toEqual([
      'queued:info',
      ...INSTALL_STEPS.flatMap(s => [`${s}:started`, `${s}:succeeded`]),
      'done:succeeded',
    ]);
    const succeeded = events.filter(e => e.status === 'succeeded' && e.step !== 'done');
    expect(succeeded.every(e => typeof e.durationMs === 'number' && e.durationMs >= 0 && e.output?.endsWith('output'))).toBe(true);
    const installation = await deps.store.getInstallation('test.todo');
    expect(installation).toMatchObject({ version: '1.0.0', status: 'pending-restart', target: 'backend', jobId: job.id });
    expect(await deps.knex('install_locks').select('plugin_id')).toEqual([]);
  });

  it('rolls back what the steps did, newest first, when a step fails, and names the package', async () => {
    const deps = await createJobStore(databaseId);
    const steps = new FakeSteps();
    steps.failAt = { step: 'configuring', packageName: '@test/test.todo-backend' };
    const replica = createReplica(deps, steps);
    const { jobs } = await deps.store.createJobs({ batchId: 'b1', requestedBy: 'user:default/ada', jobs: [installJob('test.todo')] });

    await drain([replica], deps.store);

    const job = (await deps.store.getJob(jobs[0].id))!;
    expect(job).toMatchObject({
      state: 'failed',
      rolledBack: true,
      error: { step: 'configuring', package: '@test/test.todo-backend', message: '@test/test.todo-backend broke in configuring' },
    });
    expect(steps.undone.map(e => e.kind)).toEqual([
      'undo-configuring',
      'undo-extracting',
      'undo-verifying',
      'undo-downloading',
      'undo-resolving',
    ]);
    const events = await deps.store.listEvents(job.id);
    expect(events.filter(e => e.status === 'failed').map(e => [e.step, e.package])).toEqual([
      ['configuring', '@test/test.todo-backend'],
    ]);
    expect(events.filter(e => e.step === 'rollback')).toHaveLength(5);
    // A new install that failed leaves no installation behind.
    expect(await deps.store.getInstallation('test.todo')).toBeUndefined();
  });

  it('puts the previous version back in the desired state when an update fails', async () => {
    const deps = await createJobStore(databaseId);
    const steps = new FakeSteps();
    const replica = createReplica(deps, steps);
    await deps.store.createJobs({ batchId: 'b1', requestedBy: 'user:default/ada', jobs: [installJob('test.todo', '1.0.0')] });
    await drain([replica], deps.store);
    steps.failAt = { step: 'activating' };
    const { jobs } = await deps.store.createJobs({
      batchId: 'b2',
      requestedBy: 'user:default/bob',
      jobs: [{ ...installJob('test.todo', '2.0.0'), action: 'update', fromVersion: '1.0.0' }],
    });
    expect((await deps.store.getInstallation('test.todo'))?.version).toBe('2.0.0');

    await drain([replica], deps.store);

    expect((await deps.store.getJob(jobs[0].id))?.state).toBe('failed');
    expect(await deps.store.getInstallation('test.todo')).toMatchObject({ version: '1.0.0', status: 'pending-restart', installedBy: 'user:default/ada' });
  });

  it('cancels a running job at its next check and rolls it back; a queued one at once', async () => {
    const deps = await createJobStore(databaseId);
    const steps = new FakeSteps();
    const gate = steps.hold('downloading', 'test.slow');
    const replica = createReplica(deps, steps, { maxConcurrent: 1 });
    const { jobs } = await deps.store.createJobs({
      batchId: 'b1',
      requestedBy: 'user:default/ada',
      jobs: [installJob('test.slow'), installJob('test.next')],
    });
    await replica.tick();
    await gate.reached;

    const queued = await deps.store.requestCancel(jobs[1].id);
    expect(queued.state).toBe('cancelled');
    const running = await deps.store.requestCancel(jobs[0].id);
    expect(running).toMatchObject({ state: 'downloading', cancelRequested: true });
    await replica.idle();

    const job = (await deps.store.getJob(jobs[0].id))!;
    expect(job).toMatchObject({ state: 'cancelled', rolledBack: true, error: { step: 'downloading', message: 'Cancelled during downloading' } });
    expect(steps.undone.map(e => e.kind)).toEqual(['undo-downloading', 'undo-resolving']);
    expect(steps.ran.filter(r => r.pluginId === 'test.next')).toEqual([]);
    expect(await deps.store.getInstallation('test.slow')).toBeUndefined();
    await expect(deps.store.requestCancel(jobs[0].id)).rejects.toThrow(/already finished/);
  });

  it('retries a failed job as a new attempt that runs from the start', async () => {
    const deps = await createJobStore(databaseId);
    const steps = new FakeSteps();
    steps.failAt = { step: 'verifying' };
    const replica = createReplica(deps, steps);
    const { jobs } = await deps.store.createJobs({ batchId: 'b1', requestedBy: 'user:default/ada', jobs: [installJob('test.todo')] });
    await drain([replica], deps.store);
    await expect(deps.store.retry(jobs[0].id, 'user:default/ada')).resolves.toMatchObject({ state: 'queued', attempt: 2 });
    await expect(deps.store.retry(jobs[0].id, 'user:default/ada')).rejects.toThrow(/Only a failed or cancelled job/);
    steps.failAt = undefined;

    await drain([replica], deps.store);

    const job = (await deps.store.getJob(jobs[0].id))!;
    expect(job).toMatchObject({ state: 'done', attempt: 2, error: undefined, rolledBack: false });
    const events = await deps.store.listEvents(job.id);
    expect(events.filter(e => e.attempt === 2 && e.status === 'succeeded').map(e => e.step)).toEqual([...INSTALL_STEPS, 'done']);
    expect((await deps.store.getInstallation('test.todo'))?.status).toBe('pending-restart');
  });

  it('keeps one unfinished job per plugin: the same change twice gives the first job, another change is refused', async () => {
    const deps = await createJobStore(databaseId);
    const requests = Array.from({ length: 20 }, (_, i) =>
      deps.store.createJobs({ batchId: `b${i}`, requestedBy: 'user:default/ada', jobs: [installJob('test.todo')] }),
    );
    const results = await Promise.all(requests);
    const ids = new Set(results.map(r => r.jobs[0].id));
    expect(ids.size).toBe(1);
    expect(results.filter(r => r.alreadyInProgress.length === 0)).toHaveLength(1);
    await expect(
      deps.store.createJobs({ batchId: 'x', requestedBy: 'user:default/ada', jobs: [installJob('test.todo', '2.0.0')] }),
    ).rejects.toThrow(/test.todo has a change in progress/);
  });

  it('runs each job once when two replicas reconcile the same database', async () => {
    const deps = await createJobStore(databaseId);
    const a = new FakeSteps('a');
    const b = new FakeSteps('b');
    const replicas = [createReplica(deps, a), createReplica(deps, b)];
    const ids = Array.from({ length: 8 }, (_, i) => `test.p${i}`);
    await deps.store.createJobs({ batchId: 'b1', requestedBy: 'user:default/ada', jobs: ids.map(id => installJob(id)) });

    await drain(replicas, deps.store);

    const ran = [...a.ran, ...b.ran];
    for (const id of ids) {
      expect(ran.filter(r => r.pluginId === id).map(r => r.step)).toEqual([...INSTALL_STEPS]);
      // Every step of a job on the replica that took it.
      expect(new Set(ran.filter(r => r.pluginId === id).map(r => r.replica)).size).toBe(1);
    }
    const states = await deps.knex('install_jobs').select('state');
    expect(states.every((s: any) => s.state === 'done')).toBe(true);
  });

  it('starts a job after the jobs of its dependencies, and fails it when one of them failed', async () => {
    const deps = await createJobStore(databaseId);
    const steps = new FakeSteps();
    const replica = createReplica(deps, steps);
    const { jobs } = await deps.store.createJobs({
      batchId: 'b1',
      requestedBy: 'user:default/ada',
      jobs: [installJob('test.base'), installJob('test.top', '1.0.0', ['test.base'])],
    });
    expect(jobs[1].dependsOn).toEqual([jobs[0].id]);
    await drain([replica], deps.store);
    expect(steps.ran.findIndex(r => r.pluginId === 'test.top')).toBeGreaterThan(
      steps.ran.map(r => r.pluginId).lastIndexOf('test.base'),
    );

    steps.failAt = { step: 'resolving', pluginId: 'test.lib' };
    const second = await deps.store.createJobs({
      batchId: 'b2',
      requestedBy: 'user:default/ada',
      jobs: [installJob('test.lib'), installJob('test.app', '1.0.0', ['test.lib'])],
    });
    await drain([replica], deps.store);
    expect(await deps.store.getJob(second.jobs[1].id)).toMatchObject({
      state: 'failed',
      error: { step: 'queued', message: expect.stringContaining('test.lib failed') },
    });
  });

  it('resumes a job whose runner died at the step it was in, without running the earlier steps again', async () => {
    const deps = await createJobStore(databaseId);
    const { jobs } = await deps.store.createJobs({ batchId: 'b1', requestedBy: 'user:default/ada', jobs: [installJob('test.todo')] });
    // What a runner killed during extracting leaves: the job in that step and a lock nobody renews.
    await deps.store.updateProgress(jobs[0].id, { state: 'extracting', started: true });
    await deps.knex('install_locks').insert({ plugin_id: 'test.todo', owner: 'gone-host/1/x', expires_at: Date.now() + 60_000 });
    const steps = new FakeSteps();
    const replica = createReplica(deps, steps);

    await replica.tick();
    expect(replica.activeJobs).toEqual([]);
    // The lease runs out.
    await deps.knex('install_locks').update({ expires_at: Date.now() - 1 });
    await drain([replica], deps.store);

    expect(steps.ran.map(r => r.step)).toEqual(['extracting', 'configuring', 'activating']);
    const job = (await deps.store.getJob(jobs[0].id))!;
    expect(job).toMatchObject({ state: 'done', resumes: 1 });
    const events = await deps.store.listEvents(job.id);
    expect(events.find(e => e.message.startsWith('Resumed at extracting'))).toBeDefined();
  });

  it('rolls back instead of resuming a job interrupted too many times', async () => {
    const deps = await createJobStore(databaseId);
    const { jobs } = await deps.store.createJobs({ batchId: 'b1', requestedBy: 'user:default/ada', jobs: [installJob('test.todo')] });
    await deps.store.updateProgress(jobs[0].id, { state: 'activating', started: true });
    await deps.store.appendUndo(jobs[0].id, { kind: 'undo-extracting', pluginId: 'test.todo' });
    await deps.knex('install_jobs').update({ resumes: 3 });
    const steps = new FakeSteps();

    await drain([createReplica(deps, steps)], deps.store);

    expect(steps.ran).toEqual([]);
    expect(steps.undone.map(e => e.kind)).toEqual(['undo-extracting']);
    expect(await deps.store.getJob(jobs[0].id)).toMatchObject({
      state: 'failed',
      rolledBack: true,
      error: { step: 'activating', message: expect.stringContaining('interrupted 4 times') },
    });
  });
});
