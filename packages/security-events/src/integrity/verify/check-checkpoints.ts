import type { KeyObject } from 'node:crypto';
import type { RunSql } from '../../sql-executor.js';
import { type AuditCheckpoint, checkpointSignatureValid } from '../checkpoint.js';
import type { AuditBoundary } from '../retention/boundary.js';
import { type AuditDivergence, divergence } from './audit-divergence.js';

/**
 * The checkpoints stored in the database, optionally of one chain.
 *
 * @example
 * ```ts
 * const stored = await storedCheckpoints(run, '"auth".security_event_checkpoints', undefined);
 * ```
 */
export async function storedCheckpoints(
  run: RunSql,
  table: string,
  chainId: string | undefined,
): Promise<AuditCheckpoint[]> {
  const rows = await run(
    `SELECT chain_id::text AS chain_text, sequence::text AS seq_text, head, signed_at, signature, key_id FROM ${table}
     ${chainId === undefined ? '' : 'WHERE chain_id = $1'} ORDER BY chain_id, sequence`,
    chainId === undefined ? [] : [chainId],
  );
  return rows.map((row) => ({
    chainId: row.chain_text as string,
    sequence: Number(row.seq_text),
    head: (row.head as Buffer).toString('base64url'),
    signedAt: new Date(row.signed_at as string | Date).toISOString(),
    signature: (row.signature as Buffer).toString('base64url'),
    keyId: row.key_id as string,
  }));
}

/**
 * Checks each checkpoint's signature, then that its chain still has the signed head at its
 * sequence: a missing record is a truncated tail, another head a forged chain record. A
 * checkpoint at or before a chain's signed purge boundary refers to purged records: it must agree
 * with the boundary's head at the boundary's own sequence and is covered by it before.
 *
 * @example
 * ```ts
 * const problem = await checkCheckpoints(run, chainTable, checkpoints, publicKey);
 * ```
 */
export async function checkCheckpoints(
  run: RunSql,
  chainTable: string,
  checkpoints: readonly AuditCheckpoint[],
  publicKey: KeyObject,
  boundaries: ReadonlyMap<string, AuditBoundary> = new Map(),
): Promise<AuditDivergence | null> {
  const live: AuditCheckpoint[] = [];
  for (const cp of checkpoints) {
    if (!checkpointSignatureValid(cp, publicKey))
      return divergence(
        'bad_signature',
        cp.chainId,
        cp.sequence,
        null,
        `checkpoint of chain ${cp.chainId} at ${cp.sequence}: the signature does not verify`,
      );
    const boundary = boundaries.get(cp.chainId);
    if (boundary === undefined || cp.sequence > boundary.sequence) live.push(cp);
    else if (cp.sequence === boundary.sequence && cp.head !== boundary.head)
      return divergence(
        'forged_chain_record',
        cp.chainId,
        cp.sequence,
        null,
        `chain ${cp.chainId}: the purge boundary at ${cp.sequence} differs from a signed checkpoint`,
      );
  }
  if (live.length === 0) return null;
  const heads = await run(
    `SELECT c.chain_id::text AS chain_id, c.sequence::text AS sequence, c.head,
       (SELECT max(sequence)::text FROM ${chainTable} m WHERE m.chain_id = c.chain_id) AS last
     FROM ${chainTable} c JOIN unnest($1::uuid[], $2::bigint[]) AS w(chain_id, sequence)
       ON c.chain_id = w.chain_id AND c.sequence = w.sequence`,
    [live.map((cp) => cp.chainId), live.map((cp) => cp.sequence)],
  );
  const found = new Map(heads.map((row) => [`${row.chain_id}:${row.sequence}`, row.head as Buffer]));
  for (const cp of live) {
    const head = found.get(`${cp.chainId}:${cp.sequence}`);
    if (head === undefined) {
      const [row] = await run(`SELECT max(sequence)::text AS last FROM ${chainTable} WHERE chain_id = $1`, [
        cp.chainId,
      ]);
      const stored = row?.last === null || row?.last === undefined ? 0 : Number(row.last);
      const last = Math.max(stored, boundaries.get(cp.chainId)?.sequence ?? 0);
      return divergence(
        'truncated_tail',
        cp.chainId,
        last + 1,
        null,
        `chain ${cp.chainId} ends at ${last} but a checkpoint signed sequence ${cp.sequence}`,
      );
    }
    if (!head.equals(Buffer.from(cp.head, 'base64url')))
      return divergence(
        'forged_chain_record',
        cp.chainId,
        cp.sequence,
        null,
        `chain ${cp.chainId} record ${cp.sequence} differs from its signed checkpoint`,
      );
  }
  return null;
}
