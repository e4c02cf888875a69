import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { makeListing } from '../../../__testUtils__/listings';
import { EXPORT_PATHS } from '../exportChanges';

/** The monorepo this code is in, whose real files the tests export against. */
export const REPO_ROOT = resolve(__dirname, '../../../../../..');

/** Every file an export may touch. */
export const EXPORT_FILES = Object.values(EXPORT_PATHS);

export const run = promisify(execFile);

function dep(pkg: string, name: string, range: string) {
  return { package: pkg, name, range, kind: 'dependency' as const };
}

/**
 * Board (frontend, backend and a module, configured with a secret) needs
 * Kit (a library and a backend plugin with defaults); Counter is sandboxed;
 * Handmade is installed by hand.
 */
export const exportListings = [
  makeListing('acme.board', {
    source: 'first-party',
    packages: [
      { name: '@acme/plugin-board', role: 'frontend-plugin', version: '1.2.0' },
      { name: '@acme/plugin-board-backend', role: 'backend-plugin', version: '1.2.0' },
      { name: '@acme/plugin-board-backend-module-github', role: 'backend-plugin-module', version: '1.2.0' },
    ],
    versions: [{ version: '1.2.0', dependencies: [dep('@acme/plugin-board', '@acme/plugin-kit-react', '^2.0.0')] }],
    spec: {
      name: 'Board',
      version: '1.2.0',
      configSchema: {
        type: 'object',
        properties: {
          board: {
            type: 'object',
            properties: { baseUrl: { type: 'string' }, token: { type: 'string', visibility: 'secret' } },
          },
        },
      },
      environmentVariables: [{ name: 'BOARD_TOKEN', description: 'Token of the board API.', required: true, secret: true }],
    },
  }),
  makeListing('acme.kit', {
    source: 'first-party',
    packages: [
      { name: '@acme/plugin-kit-react', role: 'web-library', version: '2.0.0' },
      { name: '@acme/plugin-kit-backend', role: 'backend-plugin', version: '2.0.0' },
    ],
    versions: [{ version: '2.0.0', dependencies: [] }],
    spec: {
      name: 'Kit',
      version: '2.0.0',
      configSchema: { type: 'object', properties: { kit: { type: 'object', properties: { pageSize: { type: 'number', default: 20 } } } } },
    },
  }),
  makeListing('acme.counter', {
    source: 'first-party',
    packages: [],
    versions: [{ version: '1.0.0', dependencies: [] }],
    spec: { name: 'Counter', installation: { method: 'sandbox', packages: [] } },
  }),
  makeListing('acme.handmade', {
    source: 'first-party',
    packages: [{ name: '@acme/plugin-handmade', role: 'frontend-plugin', version: '1.0.0' }],
    versions: [{ version: '1.0.0', dependencies: [] }],
    spec: {
      name: 'Handmade',
      installation: {
        method: 'manual',
        packages: [{ name: '@acme/plugin-handmade', role: 'frontend-plugin' }],
        steps: ['Copy its theme into packages/app/src/theme.ts.'],
      },
    },
  }),
];

export const BOARD_CONFIG = { board: { baseUrl: 'https://board.example.com', token: '${BOARD_TOKEN}' } };

/** A git repository holding a copy of the files an export touches, committed; in a directory removed after the tests. */
export async function repoWithRealFiles(dirs: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'install-export-'));
  dirs.push(dir);
  for (const path of EXPORT_FILES) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await copyFile(join(REPO_ROOT, path), join(dir, path));
  }
  const git = (...args: string[]) => run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: dir });
  await git('init', '-q');
  await git('add', '.');
  await git('commit', '-q', '-m', 'the app as it is');
  return dir;
}
