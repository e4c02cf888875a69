import { mockServices } from '@backstage/backend-test-utils';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { DefaultDependencyResolver } from '@internal/backstage-plugin-marketplace-node';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createConfigFixture } from '../../configuration/__testUtils__/fixtures';
import { DatabasePluginUniverse } from '../../planning';
import { BOARD_CONFIG, EXPORT_FILES, exportListings, repoWithRealFiles, REPO_ROOT, run } from './__testUtils__/exportFixtures';
import { EXPORT_PATHS } from './exportChanges';
import { DefaultInstallExporter } from './InstallExporter';

jest.setTimeout(60_000);

const FILES = EXPORT_FILES;

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(dir => rm(dir, { recursive: true, force: true }))));

async function fixture() {
  const f = await createConfigFixture('SQLITE_3', { listings: exportListings });
  const universe = await DatabasePluginUniverse.create({ database: mockServices.database({ knex: f.knex }), backstageVersion: '1.55.0' });
  const resolver = DefaultDependencyResolver.create({ universe });
  const getSpec = async (pluginId: string) => {
    const row = await f.knex('plugins').where({ id: pluginId }).first('spec');
    return JSON.parse(row.spec) as PluginSpecification;
  };
  const exporterAt = (rootDir: string) => DefaultInstallExporter.create({ resolver, generator: f.generator, getSpec, rootDir });
  return { ...f, exporterAt };
}

describe('DefaultInstallExporter', () => {
  let f: Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    f = await fixture();
  });

  const request = {
    plugins: [{ pluginId: 'acme.board' }, { pluginId: 'acme.counter' }, { pluginId: 'acme.handmade' }],
    config: { 'acme.board': BOARD_CONFIG },
  };

  it('makes a patch that git apply accepts on a clean copy of the real files', async () => {
    const repo = await repoWithRealFiles(dirs);
    const before = await Promise.all(FILES.map(path => readFile(join(REPO_ROOT, path), 'utf8')));
    const result = await f.exporterAt(repo).exportInstall(request);

    expect(result.files.map(file => file.path)).toEqual(FILES);
    expect(result.patch).toBe(result.files.map(file => file.diff).join(''));
    const patchFile = join(repo, '..', `${repo.split('/').pop()}.patch`);
    await writeFile(patchFile, result.patch);
    dirs.push(patchFile);
    await run('git', ['apply', '--check', patchFile], { cwd: repo });
    await run('git', ['apply', patchFile], { cwd: repo });

    const backend = JSON.parse(await readFile(join(repo, EXPORT_PATHS.backendPackage), 'utf8'));
    expect(backend.dependencies).toMatchObject({
      '@acme/plugin-board-backend': '1.2.0',
      '@acme/plugin-board-backend-module-github': '1.2.0',
      '@acme/plugin-kit-backend': '2.0.0',
    });
    const app = JSON.parse(await readFile(join(repo, EXPORT_PATHS.appPackage), 'utf8'));
    expect(app.dependencies['@acme/plugin-board']).toBe('1.2.0');
    // Libraries come as npm dependencies; plugins installed by hand stay out.
    expect(Object.keys(app.dependencies)).not.toEqual(expect.arrayContaining(['@acme/plugin-kit-react']));
    expect(app.dependencies['@acme/plugin-handmade']).toBeUndefined();
    const index = await readFile(join(repo, EXPORT_PATHS.backendIndex), 'utf8');
    expect(index).toMatch(
      /backend\.add\(import\('@acme\/plugin-kit-backend'\)\);\nbackend\.add\(import\('@acme\/plugin-board-backend'\)\);\nbackend\.add\(import\('@acme\/plugin-board-backend-module-github'\)\);\n\nbackend\.start\(\);/,
    );
    const config = parse(await readFile(join(repo, EXPORT_PATHS.appConfig), 'utf8'));
    expect(config.board).toEqual(BOARD_CONFIG.board);
    // A plugin pulled in as a dependency gets its defaults.
    expect(config.kit).toEqual({ pageSize: 20 });
    expect(config.app.packages).toBe('all');

    // Nothing changed: not the repository's files, not the managed config, no job.
    expect(await Promise.all(FILES.map(path => readFile(join(REPO_ROOT, path), 'utf8')))).toEqual(before);
    expect(await f.listDir()).toEqual([]);
    expect(await f.knex('install_jobs').count({ n: '*' })).toEqual([{ n: 0 }]);

    // The same export against the patched files has nothing left to change.
    const again = await f.exporterAt(repo).exportInstall(request);
    expect(again).toMatchObject({ files: [], patch: '' });
    expect(again.summary).toMatch(/the patch is empty/);
  });

  it('says in the summary what the patch does and what it leaves out', async () => {
    const { summary } = await f.exporterAt(REPO_ROOT).exportInstall(request);
    expect(summary).toContain('Adds Kit 2.0.0 (needed by acme.board) and Board 1.2.0 (requested) to the app as a change to review.');
    expect(summary).toContain('- packages/backend/package.json: @acme/plugin-kit-backend 2.0.0, @acme/plugin-board-backend 1.2.0, @acme/plugin-board-backend-module-github 1.2.0');
    expect(summary).toContain('- app-config.yaml: kit for Kit (its defaults); board for Board (as configured)');
    expect(summary).toMatch(/- Counter 1\.0\.0 runs in the marketplace's sandbox: install it from the marketplace/);
    expect(summary).toContain('- Handmade 1.0.0 is installed by hand: Copy its theme into packages/app/src/theme.ts.');
    expect(summary).toContain('- BOARD_TOKEN (secret, required): Token of the board API.');
  });

  it('validates the configuration like an install, naming the field', async () => {
    await expect(
      f.exporterAt(REPO_ROOT).exportInstall({ plugins: [{ pluginId: 'acme.board' }], config: { 'acme.board': { board: { token: 'plain-text' } } } }),
    ).rejects.toThrow(/^Field 'config\.acme\.board\.board\.token': /);
    await expect(
      f.exporterAt(REPO_ROOT).exportInstall({ plugins: [{ pluginId: 'acme.board' }], config: { 'acme.kit': { kit: {} } } }),
    ).rejects.toThrow("Field 'config.acme.kit': acme.kit is not one of the plugins to install");
  });

  it('answers with a conflict when there is no plan, or when a file it needs is not there', async () => {
    await expect(f.exporterAt(REPO_ROOT).exportInstall({ plugins: [{ pluginId: 'acme.nothing' }] })).rejects.toThrow(
      expect.objectContaining({ name: 'ConflictError', message: expect.stringMatching(/^The plugins cannot be installed: /) }),
    );
    const empty = await mkdtemp(join(tmpdir(), 'install-export-empty-'));
    dirs.push(empty);
    await expect(f.exporterAt(empty).exportInstall(request)).rejects.toThrow(
      expect.objectContaining({ name: 'ConflictError', message: expect.stringMatching(/^packages\/backend\/package.json is not in this backend's copy/) }),
    );
    // A frontend-only change needs only the app's package.json.
    await mkdir(join(empty, 'packages/app'), { recursive: true });
    await copyFile(join(REPO_ROOT, EXPORT_PATHS.appPackage), join(empty, EXPORT_PATHS.appPackage));
    const frontendOnly = await f.exporterAt(empty).exportInstall({ plugins: [{ pluginId: 'acme.counter' }] });
    expect(frontendOnly.patch).toBe('');
  });
});
