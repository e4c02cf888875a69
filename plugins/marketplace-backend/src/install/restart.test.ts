import { mockServices } from '@backstage/backend-test-utils';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RESTART_EXIT_CODE, supervisedRestart } from './restart';

const SCRIPT = resolve(__dirname, '../../../../scripts/supervise-backend.sh');

describe('Managed restarts', () => {
  it('are offered only under a supervisor', () => {
    const logger = mockServices.logger.mock();
    expect(supervisedRestart(logger, {})).toBeUndefined();
    expect(supervisedRestart(logger, { MARKETPLACE_SUPERVISED: '1' })).toBeInstanceOf(Function);
  });

  it('start the backend again when it exits with the restart code, and end with any other exit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'supervise-'));
    try {
      const runs = join(dir, 'runs');
      // A "backend" that asks for a restart twice, then exits with 3; it records the supervisor's flag each run.
      const backend = `
        const fs = require('fs');
        fs.appendFileSync(${JSON.stringify(runs)}, process.env.MARKETPLACE_SUPERVISED + '\\n');
        const count = fs.readFileSync(${JSON.stringify(runs)}, 'utf8').trim().split('\\n').length;
        process.exit(count < 3 ? ${RESTART_EXIT_CODE} : 3);`;
      const result = spawnSync('bash', [SCRIPT, process.execPath, '-e', backend], { encoding: 'utf8' });
      expect(result.status).toBe(3);
      expect(await readFile(runs, 'utf8')).toBe('1\n1\n1\n');
      expect(result.stderr.match(/starting it again/g)).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
