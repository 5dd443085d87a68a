import type { RunSql, SqlRow } from '../../sql-executor.js';

/**
 * One row of `security_event_chain`, as read by the verifier.
 *
 * @example
 * ```ts
 * const record: ChainRecord = toChainRecord(row);
 * ```
 */
export interface ChainRecord {
  chainId: string;
  sequence: number;
  firstEventId: string;
  lastEventId: string;
  count: number;
  root: Buffer;
  prevHead: Buffer;
  head: Buffer;
  eventIds: string[];
  leaves: Buffer;
  signature: Buffer;
}

/** The smallest uuid: the position before the first chain. */
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

const COLUMNS = `chain_id::text AS chain_text, sequence::text AS seq_text, first_event_id::text AS first_id,
  last_event_id::text AS last_id, event_count, merkle_root, prev_head, head, event_ids::text[] AS event_ids,
  leaves, signature`;

function toChainRecord(row: SqlRow): ChainRecord {
  return {
    chainId: row.chain_text as string,
    sequence: Number(row.seq_text),
    firstEventId: row.first_id as string,
    lastEventId: row.last_id as string,
    count: Number(row.event_count),
    root: row.merkle_root as Buffer,
    prevHead: row.prev_head as Buffer,
    head: row.head as Buffer,
    eventIds: row.event_ids as string[],
    leaves: row.leaves as Buffer,
    signature: row.signature as Buffer,
  };
}

/**
 * A page of chain records after (`chainId`, `sequence`) in chain order, optionally within one
 * chain and a sequence range.
 *
 * @example
 * ```ts
 * const page = await chainRecordsAfter(run, table, [ZERO_UUID, 0], 200, undefined);
 * ```
 */
export async function chainRecordsAfter(
  run: RunSql,
  table: string,
  after: [string, number],
  limit: number,
  scope: { chainId: string; fromSequence: number; toSequence: number } | undefined,
): Promise<ChainRecord[]> {
  const rows = scope
    ? await run(
        `SELECT ${COLUMNS} FROM ${table} WHERE chain_id = $1 AND sequence > $2 AND sequence BETWEEN $3 AND $4
         ORDER BY sequence LIMIT $5`,
        [scope.chainId, after[1], scope.fromSequence, scope.toSequence, limit],
      )
    : await run(
        `SELECT ${COLUMNS} FROM ${table} WHERE (chain_id, sequence) > ($1::uuid, $2) ORDER BY chain_id, sequence LIMIT $3`,
        [after[0], after[1], limit],
      );
  return rows.map(toChainRecord);
}
