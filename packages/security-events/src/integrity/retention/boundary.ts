import { type KeyObject, sign, verify } from 'node:crypto';
import type { RunSql } from '../../sql-executor.js';

/**
 * A signed purge boundary: chain `chainId` was purged up to and including record `sequence`,
 * whose head was `head`; the remaining chain starts at `sequence + 1` from that head. Stored in
 * `<schema>.security_event_boundaries` (one per chain, the newest) and signed with the audit key.
 *
 * @example
 * ```ts
 * const boundary: AuditBoundary = (await storedBoundaries(run, table)).get(chainId)!;
 * ```
 */
export interface AuditBoundary {
  /** The chain, a uuid. */
  chainId: string;
  /** The last purged record's sequence. */
  sequence: number;
  /** The last purged record's head, base64url: the previous head of record `sequence + 1`. */
  head: string;
  /** The purge's cutoff: every purged event was created before it. ISO 8601. */
  purgedBefore: string;
  /** When it was signed, ISO 8601 with milliseconds. */
  signedAt: string;
  /** Ed25519 signature, base64url. */
  signature: string;
  /** Id of the public key that verifies it (`auditKeyId`). */
  keyId: string;
}

function u64(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

function boundaryMessage(b: Omit<AuditBoundary, 'signature' | 'keyId'>): Buffer {
  return Buffer.concat([
    Buffer.from(`mana-audit-boundary-v1\0${b.chainId}\0`, 'utf8'),
    u64(b.sequence),
    Buffer.from(b.head, 'base64url'),
    u64(Date.parse(b.purgedBefore)),
    u64(Date.parse(b.signedAt)),
  ]);
}

/**
 * Signs a purge boundary (a context string of its own, so it is never mistaken for a record or
 * checkpoint signature).
 *
 * @example
 * ```ts
 * const boundary = signBoundary(key, keyId, { chainId, sequence: 4, head, purgedBefore, signedAt });
 * ```
 */
export function signBoundary(
  key: KeyObject,
  keyId: string,
  fields: Omit<AuditBoundary, 'signature' | 'keyId'>,
): AuditBoundary {
  return { ...fields, signature: sign(null, boundaryMessage(fields), key).toString('base64url'), keyId };
}

/**
 * True when the boundary's signature verifies with `publicKey`.
 *
 * @example
 * ```ts
 * if (!boundarySignatureValid(boundary, publicKey)) throw new Error('forged purge boundary');
 * ```
 */
export function boundarySignatureValid(boundary: AuditBoundary, publicKey: KeyObject): boolean {
  if (!Number.isSafeInteger(boundary.sequence) || boundary.sequence < 1) return false;
  if (Number.isNaN(Date.parse(boundary.purgedBefore)) || Number.isNaN(Date.parse(boundary.signedAt)))
    return false;
  try {
    return verify(null, boundaryMessage(boundary), publicKey, Buffer.from(boundary.signature, 'base64url'));
  } catch {
    return false;
  }
}

/**
 * The stored purge boundaries by chain id; empty when the table does not exist (a log migrated
 * before `0001_audit_retention`).
 *
 * @example
 * ```ts
 * const boundaries = await storedBoundaries(run, '"auth".security_event_boundaries');
 * ```
 */
export async function storedBoundaries(run: RunSql, table: string): Promise<Map<string, AuditBoundary>> {
  const [exists] = await run('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  if (exists?.present !== true) return new Map();
  const rows = await run(
    `SELECT chain_id::text AS chain_text, sequence::text AS seq_text, head, purged_before, signed_at, signature, key_id
     FROM ${table}`,
  );
  return new Map(
    rows.map((row) => [
      row.chain_text as string,
      {
        chainId: row.chain_text as string,
        sequence: Number(row.seq_text),
        head: (row.head as Buffer).toString('base64url'),
        purgedBefore: new Date(row.purged_before as string | Date).toISOString(),
        signedAt: new Date(row.signed_at as string | Date).toISOString(),
        signature: (row.signature as Buffer).toString('base64url'),
        keyId: row.key_id as string,
      },
    ]),
  );
}
