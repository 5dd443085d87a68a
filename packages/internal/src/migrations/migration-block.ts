import type { MigrationSet } from './migration.js';
import {
  adoptLegacyRows,
  createMigrationsTable,
  LEGACY_MIGRATIONS_TABLE,
  MIGRATION_LOCK_KEY,
  migrationsTable,
} from './migration-constants.js';
import { DEFAULT_SCHEMA } from './schema-name.js';

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const dollarQuoted = (sql: string) => {
  if (sql.includes('$mana_sql$')) throw new Error('migration statement contains the quoting tag $mana_sql$');
  return `$mana_sql$${sql}$mana_sql$`;
};

/** The bookkeeping set-up of `runMigrations`, in PL/pgSQL. */
function prepareBookkeeping(schema: string): string {
  const adopt =
    schema === DEFAULT_SCHEMA
      ? `
  IF to_regclass(${literal(LEGACY_MIGRATIONS_TABLE)}) IS NOT NULL THEN
    EXECUTE ${dollarQuoted(adoptLegacyRows(schema))};
  END IF;`
      : '';
  return `  IF to_regclass(${literal(migrationsTable(schema))}) IS NULL THEN
    IF to_regnamespace(${literal(schema)}) IS NULL THEN
      EXECUTE ${dollarQuoted(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)};
    END IF;
    EXECUTE ${dollarQuoted(createMigrationsTable(schema))};
  END IF;${adopt}`;
}

/**
 * The whole migration run as one PL/pgSQL statement (lock, bookkeeping table in `schema`, then
 * each migration unless already applied, refusing one whose hash changed), for an executor that
 * cannot hold a connection: one statement is one implicit transaction.
 */
export function migrationBlock(sets: readonly MigrationSet[], schema: string = DEFAULT_SCHEMA): string {
  const table = migrationsTable(schema);
  const steps = sets.flatMap((set) =>
    set.migrations.map((m) => {
      const statements = m.statements.map((s) => `    EXECUTE ${dollarQuoted(s)};`).join('\n');
      const pkg = literal(set.package);
      return `  SELECT hash INTO previous FROM ${table} WHERE package = ${pkg} AND name = ${literal(m.name)};
  IF previous IS NULL THEN
${statements}
    INSERT INTO ${table} (package, name, hash) VALUES (${pkg}, ${literal(m.name)}, ${literal(m.hash)});
  ELSIF previous <> ${literal(m.hash)} THEN
    RAISE EXCEPTION 'Migration %/% was applied with different SQL (hash %, now %). Never edit an applied migration: generate a new one.',
      ${pkg}, ${literal(m.name)}, left(previous, 12), ${literal(m.hash.slice(0, 12))};
  END IF;`;
    }),
  );
  return `DO $mana_migrate$
DECLARE previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
${prepareBookkeeping(schema)}
${steps.join('\n')}
END
$mana_migrate$`;
}
