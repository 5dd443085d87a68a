import type { KeyObject } from 'node:crypto';
import type { RunSql } from '../../sql-executor.js';
import { type AuditBoundary, boundarySignatureValid, storedBoundaries } from '../retention/boundary.js';
import { type AuditDivergence, divergence } from './audit-divergence.js';

/**
 * Reads the signed purge boundaries and checks each signature: the boundaries by chain, or a
 * `bad_signature` divergence for the first one that does not verify (a forged boundary would
 * otherwise hide deleted records at the start of a chain).
 *
 * @example
 * ```ts
 * const checked = await checkBoundaries(run, '"auth".security_event_boundaries', publicKey);
 * ```
 */
export async function checkBoundaries(
  run: RunSql,
  table: string,
  publicKey: KeyObject,
): Promise<Map<string, AuditBoundary> | AuditDivergence> {
  const boundaries = await storedBoundaries(run, table);
  for (const boundary of boundaries.values()) {
    if (!boundarySignatureValid(boundary, publicKey))
      return divergence(
        'bad_signature',
        boundary.chainId,
        boundary.sequence,
        null,
        `purge boundary of chain ${boundary.chainId} at ${boundary.sequence}: the signature does not verify`,
      );
  }
  return boundaries;
}

/**
 * What the first record read of a chain must link to: its signed purge boundary (the last
 * purged record's sequence and head), `'genesis'` for a chain never purged, or null (not known)
 * when a scope starts inside the chain.
 *
 * @example
 * ```ts
 * const link = chainStart(boundaries.get(chainId), scope);
 * ```
 */
export function chainStart(
  boundary: AuditBoundary | undefined,
  scope: { fromSequence: number } | undefined,
): { sequence: number; head: Buffer } | 'genesis' | null {
  const from = scope?.fromSequence ?? 1;
  if (boundary !== undefined && from <= boundary.sequence + 1)
    return { sequence: boundary.sequence, head: Buffer.from(boundary.head, 'base64url') };
  return from > 1 ? null : 'genesis';
}
