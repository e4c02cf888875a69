import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { databases } from '../../__testUtils__/storage';

const REPO = resolve(__dirname, '../../../../..');
const CHILD = join(__dirname, 'crashChild.ts');

/** How a crash child ended, with all it printed. */
export interface CrashChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Runs crashChild.ts on a settings file. The child leads its own process
 * group, and `kill` sends SIGKILL to the whole group: what the child started
 * (npm, yarn) dies with it, as when a container or a service manager stops a
 * backend, so nothing of a killed run writes on while the next one works.
 * `killWhen` sees each line the child prints.
 */
export function runCrashChild(
  settingsFile: string,
  env: Record<string, string>,
  killWhen?: (line: string, kill: () => void) => void,
): Promise<CrashChildRun> {
  return new Promise(done => {
    const child = spawn(process.execPath, ['--require', join(REPO, 'node_modules/@backstage/cli/config/nodeTransform.cjs'), CHILD, settingsFile], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    };
    let output = '';
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) killWhen?.(line, kill);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code, signal) => done({ code, signal, output }));
  });
}

/** Resolves once `check` is true; the test's timeout bounds it. */
export async function waitFor(check: () => Promise<boolean>) {
  for (;;) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 2));
  }
}

/** The databases a crash child can share with the test: a SQLite file, and Postgres 15 when it is configured. */
export function crashDatabaseKinds(): string[] {
  return [...(databases.eachSupportedId().some(([id]) => id === 'POSTGRES_15') ? ['POSTGRES_15'] : []), 'SQLITE_FILE'];
}

/** A database of that kind for the test (`knex`) and the connection settings for its children (`database`). */
export async function openCrashDatabase(kind: string, dir: string): Promise<{ knex: Knex; database: Knex.Config; close(): Promise<void> }> {
  if (kind === 'SQLITE_FILE') {
    const database: Knex.Config = { client: 'better-sqlite3', connection: { filename: join(dir, 'db.sqlite') }, useNullAsDefault: true };
    const knex = knexFactory(database);
    return { knex, database, close: () => knex.destroy() };
  }
  const knex = await databases.init('POSTGRES_15');
  // TestDatabases drops it after the suite.
  return { knex, database: { client: 'pg', connection: knex.client.config.connection }, close: async () => {} };
}
