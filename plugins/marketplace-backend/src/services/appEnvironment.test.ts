import { mockServices } from '@backstage/backend-test-utils';
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { readAppEnvironment } from './appEnvironment';

describe('readAppEnvironment', () => {
  let root: string;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'app-env-'));
    jest.clearAllMocks();
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('finds backstage.json above the backend package', async () => {
    await fs.writeFile(path.join(root, 'backstage.json'), JSON.stringify({ version: '1.55.0' }));
    const cwd = path.join(root, 'packages', 'backend');
    await fs.mkdir(cwd, { recursive: true });
    const config = mockServices.rootConfig({ data: {} });
    await expect(readAppEnvironment({ config, logger, cwd })).resolves.toEqual({
      backstageVersion: '1.55.0',
    });
  });

  it('prefers marketplace.backstageVersion from config', async () => {
    await fs.writeFile(path.join(root, 'backstage.json'), JSON.stringify({ version: '1.55.0' }));
    const config = mockServices.rootConfig({ data: { marketplace: { backstageVersion: '1.48' } } });
    await expect(readAppEnvironment({ config, logger, cwd: root })).resolves.toEqual({
      backstageVersion: '1.48.0',
    });
  });

  it('reports a backstage.json without a valid version and carries on', async () => {
    await fs.writeFile(path.join(root, 'backstage.json'), JSON.stringify({ version: 'latest' }));
    const config = mockServices.rootConfig({ data: {} });
    await expect(readAppEnvironment({ config, logger, cwd: root })).resolves.toEqual({});
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining("'version' is not a version"));
  });
});
