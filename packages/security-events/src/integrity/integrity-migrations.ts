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

// Retention and erasure (0001): signed purge boundaries, the commitments of erased rows, and the
// spec's ON DELETE CASCADE replaced by NO ACTION plus a guard: with integrity on, a user's events
// outlive the user (their personal data is erased first, keeping every hash valid), so deleting a
// user who still has events with personal data is refused with what to run. NOT VALID: the rows
// were checked by the constraint it replaces; no full scan under lock.
const RETENTION_STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS "auth"."security_event_boundaries" (
	"chain_id" uuid PRIMARY KEY NOT NULL,
	"sequence" bigint NOT NULL,
	"head" bytea NOT NULL,
	"purged_before" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signature" bytea NOT NULL,
	"key_id" text NOT NULL
);`,
  `CREATE TABLE IF NOT EXISTS "auth"."security_event_erasures" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"commitment" text NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL
);`,
  `DO $fk$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'security_events_user_id_users_id_fk'
      AND conrelid = to_regclass('"auth"."security_events"')) THEN
    ALTER TABLE "auth"."security_events" DROP CONSTRAINT "security_events_user_id_users_id_fk";
    ALTER TABLE "auth"."security_events" ADD CONSTRAINT "security_events_user_id_users_id_fk"
      FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE NO ACTION NOT VALID;
  END IF;
END
$fk$;`,
  `CREATE OR REPLACE FUNCTION "auth"."security_events_guard_user_delete"() RETURNS trigger LANGUAGE plpgsql AS $guard$
BEGIN
  IF EXISTS (SELECT 1 FROM "auth"."security_events" WHERE user_id = OLD.id) THEN
    RAISE EXCEPTION 'user % still has audit events with personal data; with audit integrity they are kept: erase them first (mana-auth audit erase --user % --yes, or eraseUserPersonalData())', OLD.id, OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END
$guard$;`,
  `DO $install$ BEGIN
  IF to_regclass('"auth"."users"') IS NOT NULL THEN
    DROP TRIGGER IF EXISTS security_events_guard_user_delete ON "auth"."users";
    CREATE TRIGGER security_events_guard_user_delete BEFORE DELETE ON "auth"."users"
      FOR EACH ROW EXECUTE FUNCTION "auth"."security_events_guard_user_delete"();
  END IF;
END
$install$;`,
];

const migration = (name: string, statements: string[]): Migration => ({
  name,
  hash: createHash('sha256').update(statements.join('\n--> statement-breakpoint\n')).digest('hex'),
  statements,
});

/**
 * The migrations of the tamper-evident audit log (`integrity` option): the chain records
 * `<schema>.security_event_chain`, the signed checkpoints `<schema>.security_event_checkpoints`,
 * the signed purge boundaries `<schema>.security_event_boundaries`, the commitments of erased rows
 * `<schema>.security_event_erasures`, and a guard on `<schema>.users` that replaces the events'
 * `ON DELETE CASCADE` (a user's events are kept and must be erased before the user is deleted).
 *
 * @example
 * ```ts
 * auditIntegrityMigrations.map((m) => m.name); // ['0000_audit_integrity', '0001_audit_retention']
 * ```
 */
export const auditIntegrityMigrations: readonly Migration[] = [
  migration('0000_audit_integrity', STATEMENTS),
  migration('0001_audit_retention', RETENTION_STATEMENTS),
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
