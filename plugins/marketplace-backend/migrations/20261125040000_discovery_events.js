/*
 * Usage events behind discovery: views, installs, uninstalls and clicks on
 * search results. They are the durable record that trending, popularity and
 * recommendations are computed from (and that Redis counters can be rebuilt
 * from). `created_at` is milliseconds since the epoch rather than an ISO
 * string, so that time decay can be computed in SQL on Postgres and SQLite alike.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('usage_events', table => {
    table.comment('What users did with marketplace plugins, one row per event');
    table.bigIncrements('id');
    // No foreign key: a plugin that leaves the registry keeps its history, and
    // comes back with it if it returns.
    table.string('plugin_id', 200).notNullable();
    table.string('type', 20).notNullable().comment('view, install, uninstall or search-click');
    table.string('user_ref', 255).nullable().comment('Entity ref of who did it, when known');
    table.bigInteger('created_at').notNullable().comment('Milliseconds since the epoch');
    table.index(['plugin_id', 'created_at'], 'usage_events_plugin_time_idx');
    table.index(['user_ref'], 'usage_events_user_idx');
    // Trending reads one time window across all plugins.
    table.index(['created_at'], 'usage_events_time_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('usage_events');
};
