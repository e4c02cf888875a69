#!/usr/bin/env node
// Drops every Postgres database whose name starts with the given prefix (the
// throwaway databases an e2e run creates). Connection from POSTGRES_* env vars.
import { createRequire } from 'node:module';

const prefix = process.argv[2];
if (!prefix || !/^[a-z0-9_]+_$/.test(prefix)) {
  console.error('usage: pg-drop-databases.mjs <prefix_> (lowercase letters, digits, underscores, ending in _)');
  process.exit(2);
}
const require = createRequire(new URL('../packages/backend/package.json', import.meta.url));
const { Client } = require('pg');
const client = new Client({
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
  database: 'postgres',
});
await client.connect();
try {
  const { rows } = await client.query(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
    [prefix],
  );
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  console.log(`dropped ${rows.length} database(s) starting with ${prefix}`);
} finally {
  await client.end();
}
