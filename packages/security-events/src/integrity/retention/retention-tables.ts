import { qualifiedTable } from '@mana/internal';
import { resolveSchema } from '../../schema/events-table-name.js';
import { type RunSql, type SqlExecutor, toRunSql } from '../../sql-executor.js';

/**
 * The qualified names of the retention and erasure tables of the audit log (migration
 * `0001_audit_retention`).
 *
 * @example
 * ```ts
 * retentionTables('auth').boundaries; // '"auth".security_event_boundaries'
 * ```
 */
export function retentionTables(schema: string): { boundaries: string; erasures: string } {
  return {
    boundaries: qualifiedTable(schema, 'security_event_boundaries'),
    erasures: qualifiedTable(schema, 'security_event_erasures'),
  };
}

/**
 * True when `<schema>.security_event_chain` exists and holds at least one record: the events
 * table is a chained (tamper-evident) log, to purge with `purgeChainedEvents` only.
 *
 * @example
 * ```ts
 * if (await isChainedLog(pool)) await purgeChainedEvents(pool, '90d', { signingKey });
 * ```
 */
export function isChainedLog(database: SqlExecutor, options: { schema?: string } = {}): Promise<boolean> {
  return chainedLogIn(toRunSql(database), resolveSchema(options.schema, database));
}

/**
 * {@link isChainedLog} over a `RunSql` and a resolved schema.
 *
 * @example
 * ```ts
 * const chained = await chainedLogIn(run, 'auth');
 * ```
 */
export async function chainedLogIn(run: RunSql, schema: string): Promise<boolean> {
  const chain = qualifiedTable(schema, 'security_event_chain');
  const [exists] = await run('SELECT to_regclass($1) IS NOT NULL AS present', [chain]);
  if (exists?.present !== true) return false;
  const [row] = await run(`SELECT EXISTS (SELECT 1 FROM ${chain}) AS chained`);
  return row?.chained === true;
}

/**
 * True when the retention tables exist (`migrateAuditIntegrity` ran with `0001_audit_retention`).
 *
 * @example
 * ```ts
 * const ready = await hasRetentionTables(run, 'auth');
 * ```
 */
export async function hasRetentionTables(run: RunSql, schema: string): Promise<boolean> {
  const [row] = await run('SELECT to_regclass($1) IS NOT NULL AS present', [
    retentionTables(schema).boundaries,
  ]);
  return row?.present === true;
}
