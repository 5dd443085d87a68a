import { SecurityEventsError } from '../../errors.js';
import { resolveSchema } from '../../schema/events-table-name.js';
import { type SqlExecutor, toRunSql } from '../../sql-executor.js';
import { canonicalEvent } from '../canonical-event.js';
import { commitKeyBytes } from '../commit-key.js';
import { integrityTables } from '../integrity-tables.js';
import { inclusionPath } from '../merkle.js';
import { hasRetentionTables, retentionTables } from '../retention/retention-tables.js';
import { eventRowsById } from '../verify/event-rows.js';
import type { AuditProof } from './audit-proof.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The inclusion proof of a stored event (see {@link AuditProof}). It is built from the row as it
 * is now, so a modified row yields a proof that fails `verifyProof`. Throws `INVALID_QUERY` when
 * no chain record holds the event or the row is gone.
 *
 * @example
 * ```ts
 * const proof = await proveEvent(pool, '0194...', { commitKey: process.env.AUDIT_COMMIT_KEY! });
 * ```
 */
export async function proveEvent(
  database: SqlExecutor,
  eventId: string,
  options: { commitKey: string | Uint8Array; schema?: string },
): Promise<AuditProof> {
  if (typeof eventId !== 'string' || !UUID.test(eventId))
    throw new SecurityEventsError(
      'INVALID_QUERY',
      `proveEvent needs an event id (a uuid), got ${String(eventId).slice(0, 40)}.`,
    );
  const run = toRunSql(database);
  const schema = resolveSchema(options.schema, database);
  const tables = integrityTables(schema);
  const erasures = (await hasRetentionTables(run, schema)) ? retentionTables(schema).erasures : undefined;
  const [record] = await run(
    `SELECT chain_id::text AS chain_id, sequence::text AS sequence, event_count, prev_head, leaves, signature, key_id,
       array_position(event_ids, $1::uuid) AS position
     FROM ${tables.chain} WHERE event_ids @> ARRAY[$1::uuid] LIMIT 1`,
    [eventId],
  );
  const row = (await eventRowsById(run, tables.events, [eventId], erasures)).get(eventId.toLowerCase());
  if (record === undefined || row === undefined)
    throw new SecurityEventsError(
      'INVALID_QUERY',
      `Event ${eventId} is ${record === undefined ? 'in no chain record (written without integrity, or not written)' : 'chained but its row is gone'}; no proof can be made.`,
    );
  const commitKey = commitKeyBytes(options.commitKey, 'commitKey', "Pass the writer's integrity.commitKey.");
  const leavesBytes = record.leaves as Buffer;
  const leaves: Buffer[] = [];
  for (let i = 0; i < leavesBytes.length; i += 32) leaves.push(leavesBytes.subarray(i, i + 32));
  const index = Number(record.position) - 1;
  const event = canonicalEvent(row, commitKey);
  // An erased row is proven with the commitment stored when it was erased.
  if (row.erasedCommitment !== undefined) event.personal = row.erasedCommitment;
  return {
    v: 1,
    event,
    chainId: record.chain_id as string,
    sequence: Number(record.sequence),
    index,
    size: Number(record.event_count),
    path: inclusionPath(leaves, index).map((hash) => hash.toString('base64url')),
    prevHead: (record.prev_head as Buffer).toString('base64url'),
    signature: (record.signature as Buffer).toString('base64url'),
    keyId: record.key_id as string,
  };
}
