/**
 * The drizzle table of `auth.security_events`, the spec's audit log, with the indexes that
 * serve its queries. The SQL migration in `./migrations` is generated from this file.
 *
 * @example
 * ```ts
 * import { desc, eq } from 'drizzle-orm';
 * import { securityEvents } from '@mana/security-events';
 *
 * const recent = await db
 *   .select()
 *   .from(securityEvents)
 *   .where(eq(securityEvents.userId, userId))
 *   .orderBy(desc(securityEvents.createdAt))
 *   .limit(10);
 * ```
 */
import { index, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Builds the table in `schema` (validated by the callers: see the `schema` options). */
function defineTable(schema: string) {
  const s = pgSchema(schema);
  // Only referenced for the foreign key; `@mana/auth-core` (or your own migration) owns the table.
  const users = s.table('users', { id: text('id').primaryKey() });
  return s.table(
    'security_events',
    {
      id: uuid('id').primaryKey().defaultRandom(),
      userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
      eventType: text('event_type').notNull(),
      ipAddress: text('ip_address'),
      userAgent: text('user_agent'),
      metadata: jsonb('metadata'),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (table) => [
      // Ascending btrees: PostgreSQL scans them backwards for `ORDER BY created_at DESC`.
      index('security_events_user_id_created_at_idx').on(table.userId, table.createdAt, table.id),
      index('security_events_event_type_created_at_idx').on(table.eventType, table.createdAt),
      index('security_events_created_at_idx').on(table.createdAt, table.id),
    ],
  );
}

const bySchema = new Map<string, ReturnType<typeof defineTable>>();

/**
 * The `security_events` table in the Postgres schema `schema` (one object per name), for drizzle
 * queries when the service runs with `schema` (e.g. `identity`). The name must be a safe
 * lowercase identifier, as the `schema` options require.
 *
 * @example
 * ```ts
 * const events = securityEventsTableFor('identity');
 * const rows = await db.select().from(events).limit(10);
 * ```
 */
export function securityEventsTableFor(schema: string): ReturnType<typeof defineTable> {
  let table = bySchema.get(schema);
  if (!table) {
    table = defineTable(schema);
    bySchema.set(schema, table);
  }
  return table;
}

/**
 * `auth.security_events`: one row per auth decision. Columns are exactly the spec's schema;
 * the three indexes serve a user's recent events (and the `ON DELETE CASCADE` lookup), the
 * failures of one type in a time window, and time-ordered scans, keyset pages and purges.
 *
 * @example
 * ```ts
 * import { and, eq, gt } from 'drizzle-orm';
 * import { securityEvents } from '@mana/security-events';
 *
 * const failures = await db
 *   .select()
 *   .from(securityEvents)
 *   .where(and(eq(securityEvents.eventType, 'login_failure'), gt(securityEvents.createdAt, since)));
 * ```
 */
export const securityEvents = securityEventsTableFor('auth');

/**
 * A row of `auth.security_events` as drizzle returns it.
 *
 * @example
 * ```ts
 * const rows: SecurityEventRow[] = await db.select().from(securityEvents).limit(10);
 * ```
 */
export type SecurityEventRow = typeof securityEvents.$inferSelect;
