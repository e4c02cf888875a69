/*
 * A backend replica reduced to the install engine, run as its own process by
 * the SIGKILL test: it runs the jobs it finds until none is left, saying which
 * step it enters, and can be killed at any moment. `CRASH_PAUSE_STEP` makes
 * it wait `CRASH_PAUSE_MS` on entering that step, before the step's work.
 *
 *   node --require <cli>/config/nodeTransform.cjs crashChild.ts <settings.json>
 */
import knexFactory, { Knex } from 'knex';
import { readFileSync } from 'node:fs';
import { createStandaloneEngine, printLogger } from './standaloneEngine';

/** What the parent tells the child. */
export interface CrashChildSettings {
  database: Knex.Config;
  config: Record<string, unknown>;
  managedConfigPath: string;
  appRoot: string;
}

async function main() {
  const settings: CrashChildSettings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const knex = knexFactory(settings.database);
  const engine = await createStandaloneEngine({
    knex,
    config: settings.config,
    managedConfigPath: settings.managedConfigPath,
    appRoot: settings.appRoot,
    logger: printLogger(true),
    wrapSteps: steps => ({
      run: async (step, context) => {
        process.stdout.write(`ENTER ${context.job.id} ${step}\n`);
        if (step === process.env.CRASH_PAUSE_STEP) await new Promise(resolve => setTimeout(resolve, Number(process.env.CRASH_PAUSE_MS ?? 500)));
        return steps.run(step, context);
      },
      undo: (entry, context) => steps.undo(entry, context),
      afterDone: (job, undo) => steps.afterDone!(job, undo),
      result: job => steps.result(job),
    }),
  });
  process.stdout.write('READY\n');
  for (;;) {
    await engine.reconciler.tick();
    await engine.reconciler.idle();
    const pending = [...(await engine.store.listQueued(1)), ...(await engine.store.listInProgress())];
    if (pending.length === 0) break;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  // One more pass: the local sync after the last job.
  await engine.reconciler.tick();
  process.stdout.write('SETTLED\n');
  await knex.destroy();
  process.exit(0);
}

main().catch(error => {
  process.stdout.write(`CRASH ${error?.stack ?? error}\n`);
  process.exit(1);
});
