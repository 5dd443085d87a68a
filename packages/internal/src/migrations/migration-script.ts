import type { MigrationSet } from './migration.js';
import { createMigrationsTable, MIGRATION_LOCK_KEY, migrationsTable } from './migration-constants.js';
import { DEFAULT_SCHEMA } from './schema-name.js';

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const terminated = (statement: string) => (statement.trimEnd().endsWith(';') ? statement : `${statement};`);

/** Options of {@link migrationScript}. */
export interface MigrationScriptOptions {
  /** The schema the migrations target and whose `mana_migrations` records them. Default `auth`. */
  schema?: string;
  /** First line of the header comment, e.g. `@mana/auth-core 0.2.0`. */
  title?: string;
}

/**
 * The migrations as one plain SQL script for a DBA or a migration tool (psql, Flyway, drizzle-kit
 * custom migrations): one transaction that takes the shared advisory lock, creates the schema and
 * its `mana_migrations` table, runs every statement, and records each migration there, so that a
 * later `migrate()` of the same release finds nothing to do. Applying it twice fails on the first
 * `CREATE TABLE` and changes nothing (the transaction rolls back).
 *
 * @example
 * ```ts
 * const sql = migrationScript([{ package: '@mana/auth-core', migrations }], { schema: 'identity' });
 * ```
 */
export function migrationScript(sets: readonly MigrationSet[], options: MigrationScriptOptions = {}): string {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const table = migrationsTable(schema);
  const createSchema = `CREATE SCHEMA IF NOT EXISTS "${schema}";`;
  const lines = [
    `-- ${options.title ?? 'Mana Auth migrations'}: schema "${schema}"`,
    `-- Generated SQL: apply with psql -v ON_ERROR_STOP=1 -f <file>. Do not edit; regenerate instead.`,
    'BEGIN;',
    `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});`,
    createSchema,
    `${createMigrationsTable(schema)};`,
  ];
  for (const set of sets) {
    for (const m of set.migrations) {
      lines.push('', `-- ${set.package}/${m.name} (sha256 ${m.hash})`);
      // The schema was created above; the migrations' own CREATE SCHEMA would only print a notice.
      for (const statement of m.statements) if (statement !== createSchema) lines.push(terminated(statement));
      lines.push(
        `INSERT INTO ${table} (package, name, hash) VALUES (${literal(set.package)}, ${literal(m.name)}, ${literal(m.hash)});`,
      );
    }
  }
  lines.push('', 'COMMIT;', '');
  return lines.join('\n');
}
