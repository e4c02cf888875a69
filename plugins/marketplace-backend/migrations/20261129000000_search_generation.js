/*
 * A generation number for what text search keeps in memory: every backend
 * process holds the small columns of each listing (and whether it is
 * installed) to filter, facet and order searches without reading `plugins`.
 * Triggers bump `search_generation.generation` in the same transaction as any
 * change to `plugins` or `installations`, so a search that reads it in its
 * snapshot knows whether the rows it holds are those of that snapshot, on
 * whichever replica made the change.
 *
 * The counter is one row: writers to either table wait on it until they
 * commit, which a sequence would not make them do, but a sequence is not
 * transactional and could announce changes that a snapshot does not see yet.
 */

const TABLES = ['plugins', 'installations'];
const OPERATIONS = ['insert', 'update', 'delete'];

/**
 * @param {import('knex').Knex} knex
 */
async function upPostgres(knex) {
  await knex.raw(`
    CREATE FUNCTION marketplace_bump_search_generation() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
      UPDATE search_generation SET generation = generation + 1 WHERE id = 1;
      RETURN NULL;
    END
    $fn$`);
  // Per statement: a batch of a thousand listings bumps the counter once, not a thousand times.
  for (const table of TABLES) {
    await knex.raw(`
      CREATE TRIGGER ${table}_search_generation
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION marketplace_bump_search_generation()`);
  }
}

/**
 * @param {import('knex').Knex} knex
 */
async function upSqlite(knex) {
  // SQLite has row triggers only; it has one writer at a time, so they never wait on each other.
  for (const table of TABLES) {
    for (const operation of OPERATIONS) {
      await knex.raw(`
        CREATE TRIGGER ${table}_search_generation_${operation}
        AFTER ${operation.toUpperCase()} ON ${table} BEGIN
          UPDATE search_generation SET generation = generation + 1 WHERE id = 1;
        END`);
    }
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('search_generation', table => {
    table.comment('One row: bumped by triggers on every change to plugins or installations');
    table.integer('id').primary();
    table.bigInteger('generation').notNullable();
  });
  // Counting from the time rather than 0: applied again after a rollback, it never repeats a
  // generation that a running process may hold rows of.
  await knex('search_generation').insert({ id: 1, generation: Date.now() });
  if (knex.client.config.client === 'pg') {
    await upPostgres(knex);
  } else {
    await upSqlite(knex);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    for (const table of TABLES) {
      await knex.raw(`DROP TRIGGER ${table}_search_generation ON ${table}`);
    }
    await knex.raw('DROP FUNCTION marketplace_bump_search_generation()');
  } else {
    for (const table of TABLES) {
      for (const operation of OPERATIONS) {
        await knex.raw(`DROP TRIGGER ${table}_search_generation_${operation}`);
      }
    }
  }
  await knex.schema.dropTable('search_generation');
};
