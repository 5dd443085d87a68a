import type { MigrationSet } from './migration.js';
import { CREATE_MIGRATIONS_TABLE, MIGRATION_LOCK_KEY, MIGRATIONS_TABLE } from './migration-constants.js';

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const dollarQuoted = (sql: string) => {
  if (sql.includes('$mana_sql$')) throw new Error('migration statement contains the quoting tag $mana_sql$');
  return `$mana_sql$${sql}$mana_sql$`;
};

/**
 * The whole migration run as one PL/pgSQL statement (lock, bookkeeping table, then each
 * migration unless already applied, refusing one whose hash changed), for an executor that
 * cannot hold a connection: one statement is one implicit transaction.
 */
export function migrationBlock(sets: readonly MigrationSet[]): string {
  const steps = sets.flatMap((set) =>
    set.migrations.map((m) => {
      const statements = m.statements.map((s) => `    EXECUTE ${dollarQuoted(s)};`).join('\n');
      const pkg = literal(set.package);
      return `  SELECT hash INTO previous FROM ${MIGRATIONS_TABLE} WHERE package = ${pkg} AND name = ${literal(m.name)};
  IF previous IS NULL THEN
${statements}
    INSERT INTO ${MIGRATIONS_TABLE} (package, name, hash) VALUES (${pkg}, ${literal(m.name)}, ${literal(m.hash)});
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
  ${CREATE_MIGRATIONS_TABLE};
${steps.join('\n')}
END
$mana_migrate$`;
}
