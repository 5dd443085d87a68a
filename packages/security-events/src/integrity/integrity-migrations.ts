import { createHash } from 'node:crypto';
import { type Migration, type MigrationSet, migrationsForSchema, runMigrations } from '@mana/internal';
import { SecurityEventsError } from '../errors.js';
import { resolveSchema } from '../schema/events-table-name.js';
import type { SqlExecutor } from '../sql-executor.js';

// Hand-written (not drizzle-generated): the tables are only needed with `integrity` on, so they
// are a migration set of their own that plain logs never apply.
const STATEMENTS = [
  'CREATE SCHEMA IF NOT EXISTS "auth";',
  `CREATE TABLE IF NOT EXISTS "auth"."security_event_chain" (
	"chain_id" uuid NOT NULL,
	"sequence" bigint NOT NULL,
	"first_event_id" uuid NOT NULL,
	"last_event_id" uuid NOT NULL,
	"event_count" integer NOT NULL,
	"merkle_root" bytea NOT NULL,
	"prev_head" bytea NOT NULL,
	"head" bytea NOT NULL,
	"event_ids" uuid[] NOT NULL,
	"leaves" bytea NOT NULL,
	"signature" bytea NOT NULL,
	"key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("chain_id", "sequence")
);`,
  `CREATE TABLE IF NOT EXISTS "auth"."security_event_checkpoints" (
	"chain_id" uuid NOT NULL,
	"sequence" bigint NOT NULL,
	"head" bytea NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signature" bytea NOT NULL,
	"key_id" text NOT NULL,
	PRIMARY KEY ("chain_id", "sequence")
);`,
];

/**
 * The migrations of the tamper-evident audit log (`integrity` option): the chain records
 * `<schema>.security_event_chain` and the signed checkpoints `<schema>.security_event_checkpoints`.
 *
 * @example
 * ```ts
 * auditIntegrityMigrations.map((m) => m.name); // ['0000_audit_integrity']
 * ```
 */
export const auditIntegrityMigrations: readonly Migration[] = [
  {
    name: '0000_audit_integrity',
    hash: createHash('sha256').update(STATEMENTS.join('\n--> statement-breakpoint\n')).digest('hex'),
    statements: STATEMENTS,
  },
];

const PACKAGE = '@mana/security-events/integrity';

/**
 * Creates the integrity tables in `schema` (default `auth`) with the shared migration runner
 * (advisory lock, bookkeeping in `<schema>.mana_migrations`). Run it, besides the events
 * migration, before starting a service with `integrity`.
 *
 * @example
 * ```ts
 * await migrateSecurityEvents(pool);
 * await migrateAuditIntegrity(pool);
 * ```
 */
export async function migrateAuditIntegrity(
  database: SqlExecutor,
  options: { schema?: string } = {},
): Promise<{ applied: string[] }> {
  const schema = resolveSchema(options.schema, database);
  const set: MigrationSet = {
    package: PACKAGE,
    migrations: migrationsForSchema(auditIntegrityMigrations, schema),
  };
  try {
    return { applied: await runMigrations(database, [set], { schema }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SecurityEventsError(
      'MIGRATION_FAILED',
      `Migrating the audit integrity tables failed: ${message}`,
      {
        cause: error,
      },
    );
  }
}
