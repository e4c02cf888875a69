/*
 * The backend replicas that share this database, and the admins' requests to
 * restart all of them.
 *
 * `install_replicas` has a row per replica: its identity is kept on the
 * replica's own disk, so a replica that restarts keeps its row. The row says
 * when the running process started, when it last reported (a replica that
 * stops reporting is left out), whether a supervisor restarts it, and which
 * plugins (backend packages loaded, frontend packages in the bundle it serves)
 * it runs at which version.
 *
 * `install_restart_requests` is the log of "restart every replica, one at a
 * time": a replica whose process started before the newest request restarts
 * once the restart slot (a lease in `install_locks`) is free.
 *
 * Times are milliseconds since the epoch, compared the same way on Postgres
 * and SQLite.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('install_replicas', table => {
    table.comment('The backend replicas sharing this database, and what each runs');
    table.string('replica_id', 64).primary();
    table.string('hostname', 255).notNullable();
    table.integer('pid').notNullable();
    table.bigInteger('started_at').notNullable().comment('When the running process started');
    table.bigInteger('heartbeat_at').notNullable().comment('When it last reported');
    table.boolean('supervised').notNullable().comment('Whether a supervisor starts it again after a restart');
    table.text('serving').notNullable().defaultTo('{}').comment('JSON: plugin id to the version this process runs');
    table.bigInteger('restarting_at').nullable().comment('When it began a rolling restart');
  });

  await knex.schema.createTable('install_restart_requests', table => {
    table.comment('Requests to restart every replica, one at a time');
    table.bigIncrements('id');
    table.bigInteger('requested_at').notNullable();
    table.string('requested_by', 255).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('install_restart_requests');
  await knex.schema.dropTable('install_replicas');
};
