/*
 * Semantic search: one embedding per listing, and the state of the index.
 *
 * `plugin_embeddings.vector` holds little-endian float32 values (bytea on
 * Postgres, BLOB on SQLite); `provider` names the vector space it belongs to
 * and `content_hash` the `plugins.content_hash` it was computed from, so that
 * a refresh re-embeds exactly what changed. `generation` is the index
 * generation that wrote the row: replicas caching vectors in memory load only
 * rows newer than what they hold.
 *
 * `semantic_index_state` has one row per index: its generation (bumped by
 * every write, in the same transaction), the generation of the last removal,
 * the provider id of the vectors and, for a provider that learns from the
 * corpus, the statistics it learnt (`model`) so every replica weighs queries
 * the same way.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('plugin_embeddings', table => {
    table.comment('Embedding of a listing for semantic search');
    table.string('plugin_id', 200).primary();
    table.string('provider', 200).notNullable();
    table.integer('dimensions').notNullable();
    table.string('content_hash', 64).notNullable();
    table.binary('vector').notNullable().comment('float32 little-endian');
    table.bigInteger('generation').notNullable().index();
    table.string('updated_at', 40).notNullable();
  });

  await knex.schema.createTable('semantic_index_state', table => {
    table.comment('Generation, provider and learnt model of a semantic index');
    table.string('id', 40).primary();
    table.bigInteger('generation').notNullable();
    table.bigInteger('removed_generation').notNullable().defaultTo(0);
    table.string('provider', 200).notNullable();
    table.text('model').nullable().comment('Serialised corpus statistics of the provider');
    table.integer('model_documents').notNullable().defaultTo(0);
    table.string('updated_at', 40).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('semantic_index_state');
  await knex.schema.dropTable('plugin_embeddings');
};
