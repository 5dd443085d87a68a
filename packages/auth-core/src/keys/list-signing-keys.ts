import { qualifiedTable } from '@mana/internal';
import type { ManaDatabase } from '../database/create-database.js';
import { readSigningKeyRows } from './signing-key-rows.js';
import { classifySigningKeys, type SigningKeyState } from './signing-key-state.js';

/** Options of {@link listSigningKeys}. */
export interface ListSigningKeysOptions {
  /** The clock, in milliseconds since the epoch. Default: `Date.now()`. */
  now?: () => number;
  /**
   * `keyRotation.gracePeriodSeconds` of the instances, for keys Better Auth's own rotation
   * expired (they carry no `published_until`). Default: unknown (such keys show as `retired`).
   */
  gracePeriodSeconds?: number;
}

/** One signing key as operators see it (`mana-auth keys list`). */
export interface SigningKeyInfo {
  /** The key id, the `kid` of the tokens it signed. */
  kid: string;
  state: SigningKeyState;
  createdAt: Date;
  /** When it starts (or started) signing. */
  activatesAt: Date;
  /** When it stopped (or stops) signing; null while no end is set. */
  retiredAt: Date | null;
  /** When it leaves the JWKS; null while no end is set. */
  publishedUntil: Date | null;
  /** When it was revoked; null unless `state` is `revoked`. */
  revokedAt: Date | null;
  /** Whole seconds since it was created. */
  ageSeconds: number;
}

/**
 * Every Ed25519 key in `auth.jwks` with its state at `now`, newest first.
 *
 * @example
 * ```ts
 * for (const key of await listSigningKeys(database)) console.log(key.kid, key.state, key.ageSeconds);
 * ```
 */
export async function listSigningKeys(
  database: ManaDatabase,
  options: ListSigningKeysOptions = {},
): Promise<SigningKeyInfo[]> {
  const nowMs = (options.now ?? (() => Date.now()))();
  const rows = await readSigningKeyRows(database.query, qualifiedTable(database.schema, 'jwks'));
  return classifySigningKeys(rows, nowMs, options.gracePeriodSeconds).map((key) => ({
    kid: key.row.id,
    state: key.state,
    createdAt: key.row.created_at,
    activatesAt: key.activatesAt,
    retiredAt: key.row.expires_at,
    publishedUntil: key.publishedUntil,
    revokedAt: key.row.revoked_at,
    ageSeconds: Math.max(0, Math.floor((nowMs - key.row.created_at.getTime()) / 1000)),
  }));
}
