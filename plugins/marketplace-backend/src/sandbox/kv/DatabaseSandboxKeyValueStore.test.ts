import { mockServices } from '@backstage/backend-test-utils';
import { databases } from '../../__testUtils__/storage';
import { SandboxLimitError } from '../errors';
import { DatabaseSandboxKeyValueStore } from './DatabaseSandboxKeyValueStore';

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('DatabaseSandboxKeyValueStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    return DatabaseSandboxKeyValueStore.create({ database: mockServices.database({ knex }) });
  }

  it('keeps JSON values per plugin, apart from other plugins', async () => {
    const store = await createStore();
    await store.set('a', 'count', 1, 1000);
    await store.set('a', 'user', { name: 'Ada', tags: ['x'] }, 1000);
    await store.set('b', 'count', 99, 1000);
    await store.set('a', 'count', 2, 1000);

    expect(await store.get('a', 'count')).toBe(2);
    expect(await store.get('a', 'user')).toEqual({ name: 'Ada', tags: ['x'] });
    expect(await store.get('b', 'count')).toBe(99);
    expect(await store.get('a', 'missing')).toBeUndefined();
    expect(await store.delete('a', 'count')).toBe(true);
    expect(await store.delete('a', 'count')).toBe(false);
    expect(await store.get('a', 'count')).toBeUndefined();
    expect(await store.get('b', 'count')).toBe(99);
  });

  it('clears one plugin\'s keys, and only its keys, with their bytes', async () => {
    const store = await createStore();
    await store.set('a', 'count', 1, 1000);
    await store.set('a', 'user', 'Ada', 1000);
    await store.set('b', 'count', 99, 1000);
    await store.clear('a');
    expect(await store.list('a', '')).toEqual([]);
    expect(await store.usage('a')).toBe(0);
    expect(await store.get('b', 'count')).toBe(99);
  });

  it('lists keys by exact prefix, % and _ taken literally, case kept', async () => {
    const store = await createStore();
    for (const key of ['user:1', 'user:2', 'User:3', 'users', 'u%er:4', 'u_er:5', 'other']) {
      await store.set('p', key, true, 10_000);
    }
    expect(await store.list('p', 'user:')).toEqual(['user:1', 'user:2']);
    expect(await store.list('p', 'u%')).toEqual(['u%er:4']);
    expect(await store.list('p', 'u_')).toEqual(['u_er:5']);
    expect(await store.list('p', '')).toHaveLength(7);
    expect(await store.list('q', '')).toEqual([]);
  });

  it('refuses a write past the quota and keeps what was there', async () => {
    const store = await createStore();
    // "k1" + "\"0123456789\"" = 2 + 12 bytes.
    await store.set('p', 'k1', '0123456789', 30);
    expect(await store.usage('p')).toBe(14);
    const error = await store.set('p', 'k2', '0123456789', 27).catch(e => e);
    expect(error).toBeInstanceOf(SandboxLimitError);
    expect(error.kind).toBe('kv-quota');
    expect(error.message).toBe('storing "k2" would use 28 bytes; the quota is 27');
    expect(await store.get('p', 'k2')).toBeUndefined();
    // Overwriting a key counts its new size, not both.
    await store.set('p', 'k1', '01234567890123', 20);
    expect(await store.usage('p')).toBe(18);
  });

  it('holds the quota under concurrent writes from one process', async () => {
    const store = await createStore();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.set('p', `key-${String(i).padStart(2, '0')}`, 'v', 100)),
    );
    // Each key is 6 bytes + 3 bytes of JSON: eleven fit in 100.
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(11);
    expect(await store.usage('p')).toBe(99);
  });

  it('names what is wrong with a key', async () => {
    const store = await createStore();
    await expect(store.get('p', '')).rejects.toThrow('key must be a string of 1 to 512 characters');
    await expect(store.set('p', 'x'.repeat(513), 1, 10_000)).rejects.toThrow('key must be a string');
    await expect(store.get('p', 42)).rejects.toThrow('key must be a string');
    await expect(store.list('p', 7)).rejects.toThrow('prefix must be a string');
  });
});
