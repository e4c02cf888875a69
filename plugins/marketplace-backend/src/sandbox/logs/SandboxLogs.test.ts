import { mockServices } from '@backstage/backend-test-utils';
import { SandboxLogEntry } from '@internal/backstage-plugin-marketplace-node';
import { databases } from '../../__testUtils__/storage';
import { DatabaseSandboxLogStore } from './DatabaseSandboxLogStore';
import { matchesLogQuery, SandboxLogs } from './SandboxLogs';

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('Sandbox logs on %s', databaseId => {
  async function create(linesPerMinute = 100) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseSandboxLogStore.create({ database: mockServices.database({ knex }) });
    const logs = SandboxLogs.create({
      store,
      logger: mockServices.logger.mock(),
      linesPerMinute,
      maxMessageChars: 40,
      bufferLines: 5,
    });
    return { store, logs };
  }

  it('stores lines and filters them by level, source, time and text, newest first', async () => {
    const { store } = await create();
    const line = (at: string, level: SandboxLogEntry['level'], message: string, source: 'plugin' | 'host' = 'plugin') =>
      ({ pluginId: 'p', at, level, source, message });
    await store.append([
      line('2026-01-01T10:00:00.000Z', 'debug', 'booting'),
      line('2026-01-01T10:01:00.000Z', 'info', 'Fetched 100% of STATUS_PAGE'),
      line('2026-01-01T10:02:00.000Z', 'warn', 'slow status page'),
      line('2026-01-01T10:03:00.000Z', 'error', 'crashed', 'host'),
      { ...line('2026-01-01T10:04:00.000Z', 'error', 'other plugin'), pluginId: 'q' },
    ]);

    const messages = async (query: Parameters<typeof store.query>[1]) => (await store.query('p', query)).map(e => e.message);
    expect(await messages({})).toEqual(['crashed', 'slow status page', 'Fetched 100% of STATUS_PAGE', 'booting']);
    expect(await messages({ level: 'warn' })).toEqual(['crashed', 'slow status page']);
    expect(await messages({ source: 'host' })).toEqual(['crashed']);
    expect(await messages({ since: '2026-01-01T10:01:00.000Z', until: '2026-01-01T10:03:00.000Z' })).toEqual([
      'slow status page',
      'Fetched 100% of STATUS_PAGE',
    ]);
    expect(await messages({ text: 'status' })).toEqual(['slow status page', 'Fetched 100% of STATUS_PAGE']);
    expect(await messages({ text: '100%' })).toEqual(['Fetched 100% of STATUS_PAGE']);
    // "_" is a character, not LIKE's wildcard: "slow status page" has "s p", not "s_p".
    expect(await messages({ text: 's_p' })).toEqual(['Fetched 100% of STATUS_PAGE']);
    expect(await messages({ limit: 1 })).toEqual(['crashed']);
    expect(await store.prune(new Date('2026-01-01T10:02:00.000Z'))).toBe(2);
    expect(await messages({})).toEqual(['crashed', 'slow status page']);
  });

  it('holds a plugin to its lines a minute, cuts long lines and keeps a bounded ring', async () => {
    const { logs } = await create(3);
    const kept = ['one', 'two', 'x'.repeat(100), 'four', 'five'].map(m => logs.plugin('p', 'info', m));
    expect(kept).toEqual([true, true, true, false, false]);
    expect(logs.dropped('p')).toBe(2);
    logs.host('p', 'warn', 'host lines are not limited');

    const stored = await logs.query('p');
    expect(stored.map(e => e.message)).toEqual([
      'host lines are not limited',
      `${'x'.repeat(40)}… (60 more characters cut)`,
      'two',
      'one',
    ]);
    for (let i = 0; i < 10; i++) logs.host('p', 'info', `line ${i}`);
    expect(logs.recent('p', 100).map(e => e.message)).toEqual(['line 9', 'line 8', 'line 7', 'line 6', 'line 5']);
    await logs.close();
  });
});

describe('matchesLogQuery', () => {
  const entry: SandboxLogEntry = { pluginId: 'p', at: '2026-01-01T10:00:00.000Z', level: 'warn', source: 'plugin', message: 'Disk Full' };

  it('applies the same filters as the database', () => {
    expect(matchesLogQuery(entry, { level: 'info', text: 'disk' })).toBe(true);
    expect(matchesLogQuery(entry, { level: 'error' })).toBe(false);
    expect(matchesLogQuery(entry, { source: 'host' })).toBe(false);
    expect(matchesLogQuery(entry, { since: '2026-01-01T10:00:00.000Z' })).toBe(true);
    expect(matchesLogQuery(entry, { until: '2026-01-01T10:00:00.000Z' })).toBe(false);
  });
});
