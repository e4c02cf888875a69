/*
 * Revisions of the managed config file (app-config.marketplace.yaml): every
 * change the marketplace writes, or finds written by hand, is one row with the
 * whole file, who made it, why, and the diff against the previous revision.
 * `revision` is assigned by the writer as the previous revision plus one, so
 * two writers working from the same revision collide on the primary key and
 * the second one is refused (optimistic lock) on Postgres and SQLite alike.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('config_revisions', table => {
    table.comment('Revisions of the managed config file, one row per change');
    table.integer('revision').primary().comment('1, 2, 3…: the previous revision plus one');
    table.string('author', 255).notNullable().comment('Entity ref of who made the change, or file:<name> for a hand edit');
    table.text('message').notNullable();
    table.text('yaml').notNullable().comment('The whole file at this revision; secrets only as ${ENV} references');
    table.text('diff').notNullable().comment('Unified diff against the previous revision');
    table.integer('rollback_of').nullable().comment('The revision this one restored, for a rollback');
    table.boolean('applied_live').notNullable().defaultTo(false).comment('Whether the running backend took the change without a restart');
    table.string('created_at', 40).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('config_revisions');
};
