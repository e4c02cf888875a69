/*
 * The install engine: jobs that make the machine match the desired state in
 * `installations`, the events of each job (one per step, with timing and
 * output), and one lock row per plugin so that a single replica at a time
 * changes a plugin.
 *
 * `install_jobs.active_plugin_id` holds the plugin id while the job is not
 * finished and NULL afterwards: its unique index allows one unfinished job per
 * plugin on Postgres and SQLite alike (both treat NULLs as distinct), so
 * concurrent requests for the same plugin cannot both create one.
 *
 * `install_locks` is a lease: the holder renews `expires_at` while it works; a
 * replica that dies stops renewing and another one takes the lock over once
 * it has expired. Times there are milliseconds since the epoch so that the
 * comparison is the same on both databases.
 *
 * `installations` gains what a replica needs to rebuild its local copy of the
 * desired state: the install target and the packages with their integrity.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('install_jobs', table => {
    table.comment('Install, update and uninstall jobs: a state machine each');
    table.string('id', 64).primary();
    table.string('batch_id', 64).notNullable().index();
    table.string('plugin_id', 200).notNullable().index();
    table.string('active_plugin_id', 200).nullable().unique().comment('plugin_id while unfinished, else NULL');
    table.string('action', 20).notNullable().comment('install, update or uninstall');
    table.string('version', 100).nullable().comment('The version the job installs');
    table.string('from_version', 100).nullable().comment('The version installed before');
    table.string('state', 20).notNullable().index();
    table.string('target', 20).nullable().comment('backend, frontend, sandbox or manual');
    table.text('packages').notNullable().defaultTo('[]').comment('JSON: packages with their per-package status');
    table.text('config').nullable().comment("JSON: the plugin's part of app-config to write");
    table.text('depends_on').notNullable().defaultTo('[]').comment('JSON: ids of jobs that must be done first');
    table.text('undo').notNullable().defaultTo('[]').comment('JSON: what the job did, written before doing it');
    table.text('previous').nullable().comment('JSON: the installations row before the job, to restore on rollback');
    table.text('result').nullable().comment('JSON: the outcome of a finished job');
    table.text('error').nullable().comment('JSON: step, message and package of a failure');
    table.integer('attempt').notNullable().defaultTo(1);
    table.integer('resumes').notNullable().defaultTo(0).comment('Times the job was taken over after its runner died');
    table.boolean('cancel_requested').notNullable().defaultTo(false);
    table.boolean('rolled_back').notNullable().defaultTo(false);
    table.string('requested_by', 255).notNullable();
    table.string('created_at', 40).notNullable().index();
    table.string('updated_at', 40).notNullable();
    table.string('started_at', 40).nullable();
    table.string('finished_at', 40).nullable();
  });

  await knex.schema.createTable('install_job_events', table => {
    table.comment('One row per step of a job: started, succeeded, failed, rolled back');
    table.bigIncrements('id');
    table.string('job_id', 64).notNullable().references('id').inTable('install_jobs').onDelete('CASCADE');
    table.integer('attempt').notNullable();
    table.string('step', 20).notNullable();
    table.string('status', 20).notNullable();
    table.string('package', 214).nullable();
    table.text('message').notNullable();
    table.text('output').nullable();
    table.integer('duration_ms').nullable();
    table.string('created_at', 40).notNullable();
    table.index(['job_id', 'id'], 'install_job_events_job_idx');
  });

  await knex.schema.createTable('install_locks', table => {
    table.comment('One row per plugin being changed: a lease renewed by its holder');
    table.string('plugin_id', 200).primary();
    table.string('owner', 200).notNullable().comment('The replica and job holding the lock');
    table.bigInteger('expires_at').notNullable().comment('Milliseconds since the epoch');
  });

  await knex.schema.alterTable('installations', table => {
    table.string('target', 20).nullable().comment('backend, frontend, sandbox or manual');
    table.text('packages').nullable().comment('JSON: name, version, role, integrity and tarball of each package');
    table.string('job_id', 64).nullable().comment('The job that last changed the row');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('installations', table => {
    table.dropColumn('job_id');
    table.dropColumn('packages');
    table.dropColumn('target');
  });
  await knex.schema.dropTable('install_locks');
  await knex.schema.dropTable('install_job_events');
  await knex.schema.dropTable('install_jobs');
};
