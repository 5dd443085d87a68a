import { qualifiedTable } from '@mana/internal';
import type { ManaDatabase, SqlQuery } from '../database/create-database.js';
import { announceKeyChange, type KeyChangeBroadcast } from './announce-key-change.js';
import { type GeneratedSigningKey, generateSigningKey } from './generate-signing-key.js';
import { checkKeyOptions } from './key-options.js';
import { SigningKeyError } from './signing-key-error.js';
import { readSigningKeyRows, SIGNING_KEY_LOCK } from './signing-key-rows.js';
import { classifySigningKeys, type SigningKeyState } from './signing-key-state.js';

/** Options of {@link revokeSigningKey}. */
export interface RevokeSigningKeyOptions extends KeyChangeBroadcast {
  /**
   * The auth secret of the instances (`AUTH_SECRET`). Needed only to put a replacement in place
   * when the revoked key was the active one and no rotation was pending; without it the first
   * instance that signs next creates the replacement itself. Default: none.
   */
  secret?: string;
  /** The clock, in milliseconds since the epoch. Default: `Date.now()`. */
  now?: () => number;
}

/** What {@link revokeSigningKey} did. */
export interface SigningKeyRevocation {
  kid: string;
  /** The state the key was in before (`revoked` when it already was: nothing changed). */
  previousState: SigningKeyState;
  /**
   * When the active key was revoked: the key that signs from now on (a pending `next` key
   * promoted, or a new one), or null when the instances will create it at their next signing.
   */
  replacementKid: string | null;
}

const KNOWN = ['secret', 'now', 'registry', 'redis', 'redisKeyPrefix'];

async function promoteOrInsert(
  query: SqlQuery,
  table: string,
  pendingKid: string | undefined,
  fresh: GeneratedSigningKey | undefined,
  now: Date,
): Promise<string | null> {
  if (pendingKid) {
    await query(`UPDATE ${table} SET activates_at = $2 WHERE id = $1`, [pendingKid, now]);
    return pendingKid;
  }
  if (!fresh) return null;
  await query(
    `INSERT INTO ${table} (id, public_key, private_key, created_at, activates_at, alg, crv)
     VALUES ($1, $2, $3, $4, $4, 'EdDSA', 'Ed25519')`,
    [fresh.id, fresh.publicKey, fresh.privateKey, now],
  );
  return fresh.id;
}

async function revokeLocked(
  query: SqlQuery,
  table: string,
  kid: string,
  fresh: GeneratedSigningKey | undefined,
  nowMs: number,
): Promise<SigningKeyRevocation> {
  await query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK]);
  const keys = classifySigningKeys(await readSigningKeyRows(query, table), nowMs);
  const target = keys.find((key) => key.row.id === kid);
  if (!target) {
    throw new SigningKeyError(
      'KEY_NOT_FOUND',
      `No signing key has kid ${JSON.stringify(kid)} (${keys.length} key(s) in ${table})`,
      'list the keys with `mana-auth keys list` (or listSigningKeys) and pass one of their kids',
    );
  }
  if (target.state === 'revoked') return { kid, previousState: 'revoked', replacementKid: null };
  const now = new Date(nowMs);
  // The private key is wiped: a revoked key can never sign again, whatever reads the row.
  await query(
    `UPDATE ${table} SET revoked_at = $2, private_key = '',
       expires_at = LEAST(COALESCE(expires_at, $2), $2), published_until = $2 WHERE id = $1`,
    [kid, now],
  );
  const pending = keys.find((key) => key.state === 'next')?.row.id;
  const replacementKid =
    target.state === 'active' ? await promoteOrInsert(query, table, pending, fresh, now) : null;
  return { kid, previousState: target.state, replacementKid };
}

/**
 * Revokes a signing key (a compromised one): it leaves the JWKS, its private key is wiped, and
 * every instance refuses the tokens it signed as soon as it hears the key-change message on the
 * revocation channel (milliseconds; tested within 5 s) or, having missed it, when its listener
 * reconnects. Revoking the **active** key is the emergency path: a pending `next` key is
 * promoted and signs at once, else a new key is created and signs at once (with `secret`), else
 * the instances create one at their next signing; clients holding a cached JWKS refuse the new
 * key's tokens until their cache expires (the JWKS max-age). Revoking an already revoked key
 * changes nothing. Throws {@link SigningKeyError} `KEY_NOT_FOUND` for an unknown `kid`.
 *
 * @example
 * ```ts
 * await revokeSigningKey(database, 'f3a1…', { secret: process.env.AUTH_SECRET!, redis });
 * ```
 */
export async function revokeSigningKey(
  database: ManaDatabase,
  kid: string,
  options: RevokeSigningKeyOptions = {},
): Promise<SigningKeyRevocation> {
  checkKeyOptions(options, KNOWN, 'revokeSigningKey', false);
  const nowMs = (options.now ?? (() => Date.now()))();
  const fresh = options.secret ? await generateSigningKey(options.secret) : undefined;
  const table = qualifiedTable(database.schema, 'jwks');
  const result = await database.transaction((query) => revokeLocked(query, table, kid, fresh, nowMs));
  if (result.previousState !== 'revoked') await announceKeyChange(database, options);
  return result;
}
