/*
 * Data of sandboxed plugins: their key-value stores and their logs.
 *
 * `sandbox_kv` holds each plugin's keys; `bytes` is the UTF-8 size of key and
 * value together, summed to enforce the plugin's quota. `sandbox_logs` keeps
 * what plugins logged and what the host logged about them (starts, crashes,
 * limits) for a retention period; times are milliseconds since the epoch so
 * range filters are the same on Postgres and SQLite.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('sandbox_kv', table => {
    table.comment('Key-value data of sandboxed plugins, one row per key');
    table.string('plugin_id', 200).notNullable();
    table.string('key', 512).notNullable();
    table.text('value').notNullable().comment('JSON');
    table.integer('bytes').notNullable().comment('UTF-8 bytes of key and value, counted against the quota');
    table.bigInteger('updated_at').notNullable().comment('Milliseconds since the epoch');
    table.primary(['plugin_id', 'key']);
  });

  await knex.schema.createTable('sandbox_logs', table => {
    table.comment('Log lines of sandboxed plugins and of the host about them');
    table.bigIncrements('id');
    table.string('plugin_id', 200).notNullable();
    table.bigInteger('created_at').notNullable().comment('Milliseconds since the epoch');
    table.smallint('level').notNullable().comment('0 debug, 1 info, 2 warn, 3 error');
    table.string('source', 10).notNullable().comment('plugin or host');
    table.text('message').notNullable();
    table.index(['plugin_id', 'created_at'], 'sandbox_logs_plugin_time_idx');
    table.index(['created_at'], 'sandbox_logs_time_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('sandbox_logs');
  await knex.schema.dropTable('sandbox_kv');
};
