/*
 * Indexes that let the list queries read one page instead of sorting the
 * whole table: case-insensitive name order and newest-first release dates.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw('CREATE INDEX plugins_name_lower_idx ON plugins (LOWER(name), id)');
  // SQLite sorts NULLs last in descending order already, and has no NULLS LAST in indexes.
  const nullsLast = knex.client.config.client === 'pg' ? ' NULLS LAST' : '';
  await knex.raw(
    `CREATE INDEX plugins_published_desc_idx ON plugins (published_at DESC${nullsLast}, id)`,
  );
  await knex.raw('CREATE INDEX plugins_downloads_idx ON plugins (downloads_monthly DESC, id)');
  await knex.raw('CREATE INDEX plugins_quality_idx ON plugins (quality_score DESC, id)');
  await knex.raw('CREATE INDEX plugins_updated_idx ON plugins (updated_at DESC, id)');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const index of [
    'plugins_name_lower_idx',
    'plugins_published_desc_idx',
    'plugins_downloads_idx',
    'plugins_quality_idx',
    'plugins_updated_idx',
  ]) {
    await knex.raw(`DROP INDEX ${index}`);
  }
};
