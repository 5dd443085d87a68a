import { type KeyObject, verify } from 'node:crypto';
import { chainHead, GENESIS_HEAD, signedHeadMessage } from '../chain-head.js';
import type { VerifiedEventRow } from '../erasure/erased-leaf.js';
import { merkleRootOfLeaves } from '../merkle.js';
import { type AuditDivergence, divergence } from './audit-divergence.js';
import type { ChainRecord } from './chain-records.js';

/**
 * Checks one chain record against the previous one of its chain (sequence and head; a signed
 * purge boundary stands for the last purged record), `'genesis'` for a chain's first record, null
 * when not known: its own consistency (count, ids, leaves, root, head) and signature.
 *
 * @example
 * ```ts
 * const problem = checkRecordShape(record, previous, publicKey);
 * ```
 */
export function checkRecordShape(
  record: ChainRecord,
  previous: { sequence: number; head: Buffer } | 'genesis' | null,
  publicKey: KeyObject,
): AuditDivergence | null {
  const { chainId, sequence } = record;
  const forged = (why: string) =>
    divergence('forged_chain_record', chainId, sequence, null, `chain ${chainId} record ${sequence}: ${why}`);
  const link = linkProblem(record, previous);
  if (link !== null) return forged(link);
  const n = record.count;
  if (n < 1 || record.eventIds.length !== n || record.leaves.length !== n * 32)
    return forged('event count does not match its ids and leaves');
  if (record.eventIds[0] !== record.firstEventId || record.eventIds[n - 1] !== record.lastEventId)
    return forged('first/last event id do not match its ids');
  if (!merkleRootOfLeaves(record.leaves).equals(record.root))
    return forged('Merkle root does not match its leaves');
  if (!chainHead(record.prevHead, record.root, n, sequence).equals(record.head))
    return forged('head is not hash(previous head, root, count, sequence)');
  let valid = false;
  try {
    valid = verify(
      null,
      signedHeadMessage('record', chainId, sequence, record.head),
      publicKey,
      record.signature,
    );
  } catch {
    valid = false;
  }
  if (!valid)
    return divergence(
      'bad_signature',
      chainId,
      sequence,
      null,
      `chain ${chainId} record ${sequence}: the signature does not verify with the audit public key`,
    );
  return null;
}

/**
 * Checks the stored rows of a record against its (already checked) leaves, each row hashed by
 * `leafOf` (`verifiedLeafHasher`: an erased row with the commitment stored when it was erased).
 *
 * @example
 * ```ts
 * const problem = checkRecordRows(record, rowsById, verifiedLeafHasher(commitKey));
 * ```
 */
export function checkRecordRows(
  record: ChainRecord,
  rows: ReadonlyMap<string, VerifiedEventRow>,
  leafOf: (row: VerifiedEventRow) => Buffer,
): AuditDivergence | null {
  const { chainId, sequence } = record;
  let byLeaf: Map<string, number> | undefined;
  for (let i = 0; i < record.count; i++) {
    const id = record.eventIds[i] as string;
    const row = rows.get(id);
    if (row === undefined)
      return divergence(
        'deleted_row',
        chainId,
        sequence,
        id,
        `event ${id} (chain ${chainId} record ${sequence}) was deleted`,
      );
    const leaf = leafOf(row);
    if (leaf.compare(record.leaves, i * 32, i * 32 + 32) === 0) continue;
    byLeaf ??= leafPositions(record.leaves);
    const at = byLeaf.get(leaf.toString('hex'));
    if (at !== undefined && at !== i)
      return divergence(
        'reordered_rows',
        chainId,
        sequence,
        id,
        `event ${id} sits at position ${i} of chain ${chainId} record ${sequence} but was hashed at ${at}`,
      );
    return divergence(
      'modified_row',
      chainId,
      sequence,
      id,
      `event ${id} (chain ${chainId} record ${sequence}) was modified`,
    );
  }
  return null;
}

function linkProblem(
  record: ChainRecord,
  previous: { sequence: number; head: Buffer } | 'genesis' | null,
): string | null {
  if (previous === null) return null;
  if (previous === 'genesis') {
    if (record.sequence !== 1) return 'the chain starts after sequence 1 (records missing)';
    return record.prevHead.equals(GENESIS_HEAD)
      ? null
      : 'the first record does not start from the genesis head';
  }
  if (record.sequence !== previous.sequence + 1)
    return `sequence follows ${previous.sequence} (records missing)`;
  return record.prevHead.equals(previous.head) ? null : 'previous head does not match the record before';
}

function leafPositions(leaves: Buffer): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < leaves.length; i += 32) map.set(leaves.subarray(i, i + 32).toString('hex'), i / 32);
  return map;
}
