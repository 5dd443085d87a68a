import type { SigningKeyRow } from './signing-key-rows.js';

/**
 * Where a signing key is in its life:
 * - `next`: published in the JWKS, not signing yet (a rotation waits for cached JWKS to expire);
 * - `active`: signs new tokens (one key at a time);
 * - `retired`: no longer signs, still published so the tokens it signed verify until its grace ends;
 * - `expired`: past its grace, no longer published, deleted at the next prune;
 * - `revoked`: withdrawn by an operator: never published, signs and verifies nothing.
 */
export type SigningKeyState = 'next' | 'active' | 'retired' | 'expired' | 'revoked';

/** A key row with the state it is in at a given time. */
export interface ClassifiedSigningKey {
  readonly row: SigningKeyRow;
  readonly state: SigningKeyState;
  /** When it starts (or started) signing: `activates_at`, else `created_at`. */
  readonly activatesAt: Date;
  /** When it leaves the JWKS, when known. */
  readonly publishedUntil: Date | null;
}

/** When a key signs from: `activates_at`, else its creation. */
const signingStart = (row: SigningKeyRow): number => (row.activates_at ?? row.created_at).getTime();

/**
 * When a key stops being published: `published_until`, else (Better Auth's own rotation) its
 * `expires_at` plus `legacyGraceSeconds` when that is known.
 */
function publishedUntil(row: SigningKeyRow, legacyGraceSeconds: number | undefined): Date | null {
  if (row.published_until) return row.published_until;
  if (row.expires_at && legacyGraceSeconds !== undefined)
    return new Date(row.expires_at.getTime() + legacyGraceSeconds * 1000);
  return null;
}

/**
 * The key that signs at `nowMs`: of the keys neither revoked, nor waiting (`activates_at` in
 * the future), nor past `expires_at`, the one that started signing last.
 */
export function activeSigningKey(rows: readonly SigningKeyRow[], nowMs: number): SigningKeyRow | undefined {
  let active: SigningKeyRow | undefined;
  for (const row of rows) {
    if (row.revoked_at || signingStart(row) > nowMs) continue;
    if (row.expires_at && row.expires_at.getTime() <= nowMs) continue;
    if (!active || signingStart(row) > signingStart(active)) active = row;
  }
  return active;
}

/**
 * The state of every key at `nowMs` (see {@link SigningKeyState}). `legacyGraceSeconds` is the
 * grace period of Better Auth's own rotation (`keyRotation.gracePeriodSeconds`), for keys it
 * expired without a `published_until`; without it such keys count as `retired`.
 */
export function classifySigningKeys(
  rows: readonly SigningKeyRow[],
  nowMs: number,
  legacyGraceSeconds?: number,
): ClassifiedSigningKey[] {
  const active = activeSigningKey(rows, nowMs);
  return rows.map((row) => {
    const until = publishedUntil(row, legacyGraceSeconds);
    const state: SigningKeyState = row.revoked_at
      ? 'revoked'
      : signingStart(row) > nowMs
        ? 'next'
        : row === active
          ? 'active'
          : until && until.getTime() <= nowMs
            ? 'expired'
            : 'retired';
    return { row, state, activatesAt: new Date(signingStart(row)), publishedUntil: until };
  });
}

/** Whether a key in `state` is served in the JWKS. */
export const isPublished = (state: SigningKeyState): boolean =>
  state === 'next' || state === 'active' || state === 'retired';
