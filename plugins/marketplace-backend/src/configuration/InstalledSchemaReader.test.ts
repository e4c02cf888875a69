import { databases } from '../__testUtils__/storage';
import { createConfigFixture, schemaListing } from './__testUtils__/fixtures';
import { DatabaseRegistryStore } from '../registry/DatabaseRegistryStore';
import { mockServices } from '@backstage/backend-test-utils';

jest.setTimeout(60_000);

const listing = (maximum: number) =>
  schemaListing('test.limits', {
    name: 'Limits',
    configSchema: { type: 'object', properties: { limits: { type: 'object', properties: { max: { type: 'number', maximum } } } } },
  });

describe.each(databases.eachSupportedId())('InstalledSchemaReader on %s', databaseId => {
  it("validates against an installed plugin's current schema, and not once it is uninstalled", async () => {
    const { store, knex, install } = await createConfigFixture(databaseId, { listings: [listing(10)] });
    const yaml = 'limits:\n  max: 50\n';
    expect((await store.validate(yaml)).valid).toBe(true);

    await install('test.limits');
    expect((await store.validate(yaml)).errors).toEqual([{ path: '/limits/max', message: 'must be <= 10', line: 2 }]);

    // A new release of the listing raises the limit.
    const registry = await DatabaseRegistryStore.create({ database: mockServices.database({ knex }), skipMigrations: true });
    await registry.replaceSource('first-party', [listing(100)]);
    expect((await store.validate(yaml)).valid).toBe(true);
    await registry.replaceSource('first-party', [listing(20)]);
    expect((await store.validate(yaml)).errors).toEqual([{ path: '/limits/max', message: 'must be <= 20', line: 2 }]);

    await knex('installations').where({ plugin_id: 'test.limits' }).delete();
    expect((await store.validate(yaml)).valid).toBe(true);
  });
});
