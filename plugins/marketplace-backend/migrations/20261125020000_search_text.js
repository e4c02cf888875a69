/*
 * Full-text search over listings, kept up to date by the database itself:
 * triggers on `plugins` maintain a search document per listing and a row per
 * tag (`plugin_tags`, for tag suggestions).
 *
 * Postgres: `plugin_search.document` is a weighted tsvector (A: name and id
 * words, B: tags and category, C: description, D: README) with a GIN index;
 * `name_text` and `plugin_tags.tag` carry pg_trgm indexes for typo-tolerant
 * name matching and suggestions.
 *
 * SQLite: `plugin_search` holds the same fields as text; two external-content
 * FTS5 tables index it: `plugin_search_fts` (porter stemming, ranked with
 * bm25 column weights) and `plugin_search_trigram` (trigram tokenizer, for
 * typo-tolerant name candidates).
 *
 * Rows that exist when this runs are indexed too.
 */

// The category taxonomy as of this migration; a category's title is searchable.
const CATEGORY_TITLES = {
  'ci-cd': 'CI/CD',
  monitoring: 'Monitoring & Observability',
  cloud: 'Cloud Providers',
  security: 'Security',
  collaboration: 'Collaboration',
  infrastructure: 'Infrastructure',
  'source-control': 'Source Control',
  documentation: 'Documentation',
  quality: 'Quality & Standards',
  scaffolding: 'Scaffolding & Templates',
  ai: 'AI & Assistants',
  catalog: 'Catalog & Discovery',
  core: 'Core & Framework',
  other: 'Other',
};

// Enough README to find a plugin by what it documents; keeps tsvectors far below their limits.
const README_CHARS = 20000;

function sqlString(value) {
  return `'${value.replace(/'/g, "''")}'`;
}

function categoryTitle(column) {
  const cases = Object.entries(CATEGORY_TITLES)
    .map(([id, title]) => `WHEN ${sqlString(id)} THEN ${sqlString(title)}`)
    .join(' ');
  return `CASE ${column} ${cases} ELSE '' END`;
}

/**
 * @param {import('knex').Knex} knex
 */
async function upPostgres(knex) {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');

  await knex.raw(`
    CREATE TABLE plugin_search (
      plugin_id varchar(200) PRIMARY KEY,
      name_text text NOT NULL,
      document tsvector NOT NULL
    )`);
  await knex.raw(`COMMENT ON TABLE plugin_search IS 'Search document of each listing, maintained by triggers on plugins'`);
  await knex.raw('CREATE INDEX plugin_search_document_idx ON plugin_search USING GIN (document)');
  await knex.raw(
    'CREATE INDEX plugin_search_name_trgm_idx ON plugin_search USING GIN (name_text gin_trgm_ops)',
  );

  await knex.raw(`
    CREATE TABLE plugin_tags (
      plugin_id varchar(200) NOT NULL,
      tag text NOT NULL,
      PRIMARY KEY (plugin_id, tag)
    )`);
  await knex.raw(`COMMENT ON TABLE plugin_tags IS 'Tags of each listing, maintained by triggers on plugins'`);
  await knex.raw('CREATE INDEX plugin_tags_tag_trgm_idx ON plugin_tags USING GIN (tag gin_trgm_ops)');

  // A listing with malformed JSON must still be stored; it is indexed without those fields.
  await knex.raw(`
    CREATE FUNCTION marketplace_try_jsonb(doc text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE AS $fn$
    BEGIN
      RETURN doc::jsonb;
    EXCEPTION WHEN others THEN
      RETURN NULL;
    END
    $fn$`);
  await knex.raw(`
    CREATE FUNCTION marketplace_json_strings(doc jsonb) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE AS $fn$
      SELECT DISTINCT element #>> '{}'
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(doc) = 'array' THEN doc ELSE '[]'::jsonb END) AS element
      WHERE jsonb_typeof(element) = 'string'
    $fn$`);
  await knex.raw(`
    CREATE FUNCTION marketplace_plugin_name_text(id text, name text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
      SELECT coalesce(name, '') || ' ' || translate(id, '.-_/@', '     ')
    $fn$`);
  await knex.raw(`
    CREATE FUNCTION marketplace_plugin_document(
      id text, name text, tags jsonb, category text, description text, readme text
    ) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $fn$
      SELECT
        setweight(to_tsvector('english', marketplace_plugin_name_text(id, name)), 'A') ||
        setweight(to_tsvector('english',
          coalesce((SELECT string_agg(tag, ' ') FROM marketplace_json_strings(tags) AS tag), '')
          || ' ' || translate(category, '-', ' ') || ' ' || ${categoryTitle('category')}), 'B') ||
        setweight(to_tsvector('english', coalesce(description, '')), 'C') ||
        setweight(to_tsvector('english', left(coalesce(readme, ''), ${README_CHARS})), 'D')
    $fn$`);
  // JSON columns are parsed once per row: a failed parse costs a subtransaction.
  await knex.raw(`
    CREATE FUNCTION marketplace_plugin_search_sync() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    DECLARE
      tags jsonb;
      spec jsonb;
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM plugin_search WHERE plugin_id = OLD.id;
        DELETE FROM plugin_tags WHERE plugin_id = OLD.id;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        tags := marketplace_try_jsonb(NEW.tags);
        spec := marketplace_try_jsonb(NEW.spec);
        INSERT INTO plugin_search (plugin_id, name_text, document) VALUES (
          NEW.id,
          marketplace_plugin_name_text(NEW.id, NEW.name),
          marketplace_plugin_document(NEW.id, NEW.name, tags, NEW.category, NEW.description,
            spec #>> '{documentation,readme}')
        );
        INSERT INTO plugin_tags (plugin_id, tag)
          SELECT NEW.id, tag FROM marketplace_json_strings(tags) AS tag;
      END IF;
      RETURN NULL;
    END
    $fn$`);
  await knex.raw(`
    CREATE TRIGGER plugins_search_insert AFTER INSERT ON plugins
    FOR EACH ROW EXECUTE FUNCTION marketplace_plugin_search_sync()`);
  // Download counts and scores change daily; only the searchable fields need a new document.
  await knex.raw(`
    CREATE TRIGGER plugins_search_update AFTER UPDATE ON plugins
    FOR EACH ROW WHEN (
      (OLD.id, OLD.name, OLD.tags, OLD.category, OLD.description, OLD.spec) IS DISTINCT FROM
      (NEW.id, NEW.name, NEW.tags, NEW.category, NEW.description, NEW.spec)
    )
    EXECUTE FUNCTION marketplace_plugin_search_sync()`);
  await knex.raw(`
    CREATE TRIGGER plugins_search_delete AFTER DELETE ON plugins
    FOR EACH ROW EXECUTE FUNCTION marketplace_plugin_search_sync()`);

  await knex.raw(`
    INSERT INTO plugin_search (plugin_id, name_text, document)
    SELECT id, marketplace_plugin_name_text(id, name),
      marketplace_plugin_document(id, name, marketplace_try_jsonb(tags), category, description,
        marketplace_try_jsonb(spec) #>> '{documentation,readme}')
    FROM plugins`);
  await knex.raw(`
    INSERT INTO plugin_tags (plugin_id, tag)
    SELECT p.id, tag FROM plugins p, marketplace_json_strings(marketplace_try_jsonb(p.tags)) AS tag`);
}

function sqliteIdWords(column) {
  return `replace(replace(replace(replace(replace(${column}, '.', ' '), '-', ' '), '_', ' '), '/', ' '), '@', ' ')`;
}

// json_each() fails on malformed JSON; a listing with it is indexed without those fields.
function sqliteJsonArray(column) {
  return `CASE WHEN json_valid(${column}) THEN CASE WHEN json_type(${column}) = 'array' THEN ${column} ELSE '[]' END ELSE '[]' END`;
}

/** Statements that index the plugins row `ref` (`new` in a trigger, an alias in a backfill). */
function sqliteIndexRow(ref, from = '') {
  const columns =
    'plugin_id, name_text, name, id_words, tags, category, description, readme';
  const values = [
    `${ref}.id`,
    `${ref}.name || ' ' || ${sqliteIdWords(`${ref}.id`)}`,
    `${ref}.name`,
    sqliteIdWords(`${ref}.id`),
    `coalesce((SELECT group_concat(value, ' ') FROM json_each(${sqliteJsonArray(`${ref}.tags`)}) WHERE type = 'text'), '')`,
    `replace(${ref}.category, '-', ' ') || ' ' || ${categoryTitle(`${ref}.category`)}`,
    `coalesce(${ref}.description, '')`,
    `CASE WHEN json_valid(${ref}.spec) THEN substr(coalesce(json_extract(${ref}.spec, '$.documentation.readme'), ''), 1, ${README_CHARS}) ELSE '' END`,
  ];
  return [
    `INSERT INTO plugin_search (${columns}) SELECT ${values.join(', ')}${from}`,
    `INSERT OR IGNORE INTO plugin_tags (plugin_id, tag)
       SELECT ${ref}.id, tag.value${from ? `${from},` : ' FROM'} json_each(${sqliteJsonArray(`${ref}.tags`)}) AS tag
       WHERE tag.type = 'text'`,
  ];
}

const SQLITE_UNINDEX_OLD = [
  'DELETE FROM plugin_search WHERE plugin_id = old.id',
  'DELETE FROM plugin_tags WHERE plugin_id = old.id',
];

const FTS_COLUMNS = ['name', 'id_words', 'tags', 'category', 'description', 'readme'];

/**
 * @param {import('knex').Knex} knex
 */
async function upSqlite(knex) {
  // Fields are stored once here; the FTS5 tables index them as external content.
  // Large columns go last so that reading the short ones stays cheap.
  await knex.raw(`
    CREATE TABLE plugin_search (
      doc_id INTEGER PRIMARY KEY,
      plugin_id TEXT NOT NULL UNIQUE,
      name_text TEXT NOT NULL,
      name TEXT NOT NULL,
      id_words TEXT NOT NULL,
      tags TEXT NOT NULL,
      category TEXT NOT NULL,
      description TEXT NOT NULL,
      readme TEXT NOT NULL
    )`);
  await knex.raw(`
    CREATE TABLE plugin_tags (
      plugin_id TEXT NOT NULL,
      tag TEXT NOT NULL,
      PRIMARY KEY (plugin_id, tag)
    )`);
  await knex.raw('CREATE INDEX plugin_tags_tag_idx ON plugin_tags (tag)');
  await knex.raw(`
    CREATE VIRTUAL TABLE plugin_search_fts USING fts5(
      ${FTS_COLUMNS.join(', ')},
      content='plugin_search', content_rowid='doc_id',
      tokenize='porter unicode61 remove_diacritics 2'
    )`);
  await knex.raw(`
    CREATE VIRTUAL TABLE plugin_search_trigram USING fts5(
      name_text,
      content='plugin_search', content_rowid='doc_id',
      tokenize='trigram'
    )`);

  const newValues = FTS_COLUMNS.map(c => `new.${c}`).join(', ');
  const oldValues = FTS_COLUMNS.map(c => `old.${c}`).join(', ');
  await knex.raw(`
    CREATE TRIGGER plugin_search_insert AFTER INSERT ON plugin_search BEGIN
      INSERT INTO plugin_search_fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (new.doc_id, ${newValues});
      INSERT INTO plugin_search_trigram (rowid, name_text) VALUES (new.doc_id, new.name_text);
    END`);
  await knex.raw(`
    CREATE TRIGGER plugin_search_delete AFTER DELETE ON plugin_search BEGIN
      INSERT INTO plugin_search_fts (plugin_search_fts, rowid, ${FTS_COLUMNS.join(', ')})
        VALUES ('delete', old.doc_id, ${oldValues});
      INSERT INTO plugin_search_trigram (plugin_search_trigram, rowid, name_text)
        VALUES ('delete', old.doc_id, old.name_text);
    END`);

  const indexNew = sqliteIndexRow('new');
  await knex.raw(`
    CREATE TRIGGER plugins_search_insert AFTER INSERT ON plugins BEGIN
      ${indexNew.join(';\n')};
    END`);
  // Download counts and scores change daily; only the searchable fields need a new document.
  const changed = ['id', 'name', 'tags', 'category', 'description', 'spec']
    .map(c => `old.${c} IS NOT new.${c}`)
    .join(' OR ');
  await knex.raw(`
    CREATE TRIGGER plugins_search_update AFTER UPDATE ON plugins WHEN ${changed} BEGIN
      ${[...SQLITE_UNINDEX_OLD, ...indexNew].join(';\n')};
    END`);
  await knex.raw(`
    CREATE TRIGGER plugins_search_delete AFTER DELETE ON plugins BEGIN
      ${SQLITE_UNINDEX_OLD.join(';\n')};
    END`);

  for (const statement of sqliteIndexRow('p', ' FROM plugins AS p')) {
    await knex.raw(statement);
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
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
    for (const trigger of ['plugins_search_insert', 'plugins_search_update', 'plugins_search_delete']) {
      await knex.raw(`DROP TRIGGER ${trigger} ON plugins`);
    }
    await knex.raw('DROP FUNCTION marketplace_plugin_search_sync()');
    await knex.raw('DROP FUNCTION marketplace_plugin_document(text, text, jsonb, text, text, text)');
    await knex.raw('DROP FUNCTION marketplace_plugin_name_text(text, text)');
    await knex.raw('DROP FUNCTION marketplace_json_strings(jsonb)');
    await knex.raw('DROP FUNCTION marketplace_try_jsonb(text)');
    await knex.raw('DROP TABLE plugin_tags');
    await knex.raw('DROP TABLE plugin_search');
    // pg_trgm stays: other tables of the database may use it.
    return;
  }
  for (const trigger of [
    'plugins_search_insert',
    'plugins_search_update',
    'plugins_search_delete',
    'plugin_search_insert',
    'plugin_search_delete',
  ]) {
    await knex.raw(`DROP TRIGGER ${trigger}`);
  }
  await knex.raw('DROP TABLE plugin_search_trigram');
  await knex.raw('DROP TABLE plugin_search_fts');
  await knex.raw('DROP TABLE plugin_tags');
  await knex.raw('DROP TABLE plugin_search');
};
