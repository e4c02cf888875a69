/*
 * The plugin registry: listings grouped from packages, their releases and
 * dependencies, installations (desired state) and the state of each source.
 * Runs on Postgres and SQLite alike. Timestamps are ISO 8601 strings so that
 * both databases sort them the same way.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('plugins', table => {
    table.comment('One marketplace listing: a plugin and its packages');
    table.string('id', 200).primary();
    table.string('name', 200).notNullable();
    table.text('description').notNullable().defaultTo('');
    table.string('author', 200).notNullable().defaultTo('');
    table.string('category', 40).notNullable().index();
    table.text('tags').notNullable().defaultTo('[]').comment('JSON array');
    table.text('roles').notNullable().defaultTo('[]').comment('JSON array of package roles');
    table.string('license', 100).nullable();
    table.string('source', 20).notNullable().index();
    table.integer('source_priority').notNullable();
    table.boolean('first_party').notNullable().defaultTo(false);
    table.string('version', 100).notNullable();
    table.string('backstage_version', 100).nullable();
    table.bigInteger('downloads_monthly').notNullable().defaultTo(0).index();
    table.integer('quality_score').notNullable().defaultTo(0).index();
    table.string('published_at', 40).nullable().index();
    table.string('updated_at', 40).notNullable();
    table.string('content_hash', 64).notNullable();
    table.text('spec').notNullable().comment('The full PluginSpecification, JSON');
  });

  await knex.schema.createTable('plugin_packages', table => {
    table.comment('npm packages of a listing');
    table.string('name', 214).primary();
    table
      .string('plugin_id', 200)
      .notNullable()
      .references('id')
      .inTable('plugins')
      .onDelete('CASCADE')
      .index();
    table.string('role', 40).notNullable();
    table.string('version', 100).notNullable();
    table.text('description').nullable();
    table.bigInteger('downloads_monthly').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('plugin_versions', table => {
    table.comment('Releases of a listing');
    table
      .string('plugin_id', 200)
      .notNullable()
      .references('id')
      .inTable('plugins')
      .onDelete('CASCADE');
    table.string('version', 100).notNullable();
    table.string('published_at', 40).nullable();
    table.string('backstage_version', 100).nullable();
    table.boolean('prerelease').notNullable().defaultTo(false);
    table.text('deprecated').nullable();
    table.primary(['plugin_id', 'version']);
  });

  await knex.schema.createTable('version_dependencies', table => {
    table.comment('Dependencies a release of a listing declares');
    table.bigIncrements('row_id');
    table
      .string('plugin_id', 200)
      .notNullable()
      .references('id')
      .inTable('plugins')
      .onDelete('CASCADE');
    table.string('version', 100).notNullable();
    table.string('package', 214).notNullable();
    table.string('name', 214).notNullable();
    table.string('range', 200).notNullable();
    table.string('kind', 20).notNullable();
    table.index(['plugin_id', 'version']);
  });

  await knex.schema.createTable('installations', table => {
    table.comment('Desired state: what should be installed, at which version');
    table.string('plugin_id', 200).primary();
    table.string('version', 100).notNullable();
    table.string('status', 40).notNullable();
    table.string('installed_at', 40).notNullable();
    table.string('installed_by', 200).nullable();
    table.string('updated_at', 40).notNullable();
  });

  await knex.schema.createTable('registry_sources', table => {
    table.comment('The last run of each registry source');
    table.string('id', 40).primary();
    table.string('last_run_at', 40).nullable();
    table.string('last_success_at', 40).nullable();
    table.integer('last_duration_ms').nullable();
    table.text('last_error').nullable();
    table.text('issues').notNullable().defaultTo('[]').comment('JSON array');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('registry_sources');
  await knex.schema.dropTable('installations');
  await knex.schema.dropTable('version_dependencies');
  await knex.schema.dropTable('plugin_versions');
  await knex.schema.dropTable('plugin_packages');
  await knex.schema.dropTable('plugins');
};
