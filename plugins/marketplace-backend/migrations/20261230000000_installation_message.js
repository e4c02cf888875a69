/*
 * Why an installation has its status, when the marketplace knows: the error
 * the dynamic plugins loader gave for a backend plugin that did not load.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('installations', table => {
    table.text('status_message').nullable().comment('Why the installation has its status, e.g. the error that kept it from loading');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('installations', table => {
    table.dropColumn('status_message');
  });
};
