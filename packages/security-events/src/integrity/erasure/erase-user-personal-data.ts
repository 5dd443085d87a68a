import { randomBytes } from 'node:crypto';
import { SecurityEventsError } from '../../errors.js';
import { type RunSql, type SqlExecutor, toRunSql } from '../../sql-executor.js';
import { canonicalEvent } from '../canonical-event.js';
import { integrityTables } from '../integrity-tables.js';
import { hasRetentionTables, retentionTables } from '../retention/retention-tables.js';
import { type EraseUserOptions, resolveErasure } from './erasure-options.js';

/**
 * What {@link eraseUserPersonalData} did.
 *
 * @example
 * ```ts
 * const { erased, pseudonym } = await eraseUserPersonalData(pool, { userId, commitKey });
 * ```
 */
export interface ErasureResult {
  /** Events whose personal data was erased now (events erased before are not counted again). */
  erased: number;
  /**
   * The random pseudonym that replaced the user id in those events (not derived from the id), or
   * null when `user_id` references the users table (the spec's schema): then it is set to null.
   */
  pseudonym: string | null;
}

const PAGE = 1_000;

const MATCH = `(e.user_id = $1 OR ($2::text IS NOT NULL AND e.metadata->>'email' = $2))`;

const selectSql = (events: string, erasures: string) => `SELECT e.id::text AS id, e.user_id, e.ip_address,
  e.user_agent, e.metadata FROM ${events} e
  WHERE ${MATCH} AND NOT EXISTS (SELECT 1 FROM ${erasures} x WHERE x.event_id = e.id)
  ORDER BY e.id LIMIT $3`;

const eraseSql = (events: string, erasures: string) => `WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::text[]) AS t(id, commitment)
), kept AS (
  INSERT INTO ${erasures} (event_id, commitment) SELECT id, commitment FROM input
  ON CONFLICT (event_id) DO NOTHING RETURNING event_id
), erased AS (
  UPDATE ${events} e SET user_id = $3, ip_address = NULL, user_agent = NULL,
    metadata = CASE WHEN e.metadata ? 'email' THEN jsonb_set(e.metadata, '{email}', 'null'::jsonb) ELSE e.metadata END
  FROM kept WHERE e.id = kept.event_id RETURNING 1
)
SELECT count(*)::int AS erased FROM erased`;

/**
 * How many events {@link eraseUserPersonalData} would erase now with the same `userId`/`email`
 * (a dry run; needs no commit key).
 *
 * @example
 * ```ts
 * const count = await countUserPersonalData(pool, { userId: 'u_123' });
 * ```
 */
export async function countUserPersonalData(
  database: SqlExecutor,
  options: Omit<EraseUserOptions, 'commitKey'>,
): Promise<number> {
  const settings = resolveErasure(database, { ...options, commitKey: DRY_RUN_KEY });
  const run = toRunSql(database);
  await requireErasureTable(run, settings.schema);
  const { events } = integrityTables(settings.schema);
  const { erasures } = retentionTables(settings.schema);
  const [row] = await run(
    `SELECT count(*)::int AS n FROM ${events} e WHERE ${MATCH}
       AND NOT EXISTS (SELECT 1 FROM ${erasures} x WHERE x.event_id = e.id)`,
    [settings.userId, settings.email],
  );
  return Number(row?.n ?? 0);
}

/** Stands in for the commit key when only counting (never used to hash). */
const DRY_RUN_KEY = Buffer.alloc(32);

async function requireErasureTable(run: RunSql, schema: string): Promise<void> {
  if (!(await hasRetentionTables(run, schema)))
    throw new SecurityEventsError(
      'MIGRATION_FAILED',
      `The audit erasure table is missing in schema "${schema}": run migrateAuditIntegrity() first.`,
    );
}

/**
 * Erases one user's personal data from a tamper-evident audit log (`integrity` option), for a
 * data-subject request: in every event whose `user_id` is `userId` (or whose `metadata.email` is
 * `email`), the user id becomes a random pseudonym (the same for all of them, so they still read
 * as one person's; null when `user_id` references the users table), and the IP address, user agent and `metadata.email` become null. Before a row
 * changes, the commitment to its old values (an HMAC with `commitKey`) is stored in
 * `security_event_erasures` in the same statement, so `verifyAuditLog` still verifies the row and
 * nothing in the database holds the old values. Event types, times and other metadata stay.
 *
 * @example
 * ```ts
 * const { erased } = await eraseUserPersonalData(pool, { userId: 'u_123', commitKey: process.env.AUDIT_COMMIT_KEY! });
 * ```
 */
export async function eraseUserPersonalData(
  database: SqlExecutor,
  options: EraseUserOptions,
): Promise<ErasureResult> {
  const settings = resolveErasure(database, options);
  const run = toRunSql(database);
  await requireErasureTable(run, settings.schema);
  const { events } = integrityTables(settings.schema);
  const { erasures } = retentionTables(settings.schema);
  const pseudonym = (await referencesUsers(run, events))
    ? null
    : `erased-${randomBytes(12).toString('base64url')}`;
  let erased = 0;
  for (;;) {
    const page = await erasePage(run, events, erasures, settings, pseudonym);
    erased += page.erased;
    if (page.read < PAGE || page.erased === 0) break;
  }
  return { erased, pseudonym };
}

/** True when `user_id` has a foreign key (a pseudonym would not be a user: null it instead). */
async function referencesUsers(run: RunSql, events: string): Promise<boolean> {
  const [row] = await run(
    "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'f') AS fk",
    [events],
  );
  return row?.fk === true;
}

async function erasePage(
  run: RunSql,
  events: string,
  erasures: string,
  settings: ReturnType<typeof resolveErasure>,
  pseudonym: string | null,
): Promise<{ read: number; erased: number }> {
  const rows = await run(selectSql(events, erasures), [settings.userId, settings.email, PAGE]);
  const ids: string[] = [];
  const commitments: string[] = [];
  for (const row of rows) {
    const { personal } = canonicalEvent(
      {
        id: row.id as string,
        userId: row.user_id as string | null,
        eventType: '',
        ipAddress: row.ip_address as string | null,
        userAgent: row.user_agent as string | null,
        metadata: row.metadata as Record<string, unknown> | null,
        createdAt: '',
      },
      settings.commitKey,
    );
    if (personal === null) continue;
    ids.push(row.id as string);
    commitments.push(personal);
  }
  if (ids.length === 0) return { read: rows.length, erased: 0 };
  const [result] = await run(eraseSql(events, erasures), [ids, commitments, pseudonym]);
  return { read: rows.length, erased: Number(result?.erased ?? 0) };
}
