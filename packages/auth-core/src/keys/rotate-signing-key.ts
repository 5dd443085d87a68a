import { qualifiedTable } from '@mana/internal';
import type { ManaDatabase, SqlQuery } from '../database/create-database.js';
import { ManaAuthConfigError } from '../errors.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_PUBLISH_DELAY_SECONDS,
  JWKS_MAX_AGE_SECONDS,
} from '../settings/constants.js';
import { announceKeyChange, type KeyChangeBroadcast } from './announce-key-change.js';
import { type GeneratedSigningKey, generateSigningKey } from './generate-signing-key.js';
import { checkKeyOptions, checkSeconds } from './key-options.js';
import { readSigningKeyRows, SIGNING_KEY_LOCK } from './signing-key-rows.js';
import { classifySigningKeys } from './signing-key-state.js';

/** Options of {@link rotateSigningKey}. */
export interface RotateSigningKeyOptions extends KeyChangeBroadcast {
  /** The auth secret of the instances (`AUTH_SECRET`): the new private key is encrypted with it. */
  secret: string;
  /**
   * Seconds the new key is published before it signs. Default 150 (two JWKS cache periods plus
   * 30 s). Must be more than `jwksMaxAgeSeconds`, so that no client holding a cached JWKS ever
   * meets a token with an unknown `kid`.
   */
  publishDelaySeconds?: number;
  /** The instances' `jwksMaxAge` (their JWKS `Cache-Control: max-age`). Default 60. */
  jwksMaxAgeSeconds?: number;
  /**
   * Seconds the previous key stays published after it stops signing: at least the access-token
   * lifetime of the instances (`accessToken.ttlSeconds`). Default 900.
   */
  retiredKeyGraceSeconds?: number;
  /** The clock, in milliseconds since the epoch. Default: `Date.now()`. */
  now?: () => number;
}

/** What {@link rotateSigningKey} did. */
export interface SigningKeyRotation {
  /** The key that signs from `activatesAt` (new, or the one a pending rotation already published). */
  kid: string;
  activatesAt: Date;
  /** False when a rotation was already pending: its `next` key is returned and nothing changed. */
  created: boolean;
  /** The key that stops signing at `activatesAt`, if there was one. */
  previousKid: string | null;
  /** When the previous key leaves the JWKS. */
  previousPublishedUntil: Date | null;
}

const KNOWN = [
  'secret',
  'publishDelaySeconds',
  'jwksMaxAgeSeconds',
  'retiredKeyGraceSeconds',
  'now',
  'registry',
  'redis',
  'redisKeyPrefix',
];

function validate(options: RotateSigningKeyOptions): { delay: number; grace: number } {
  checkKeyOptions(options, KNOWN, 'rotateSigningKey', true);
  checkSeconds('jwksMaxAgeSeconds', options.jwksMaxAgeSeconds, 1, 'of at least 1');
  checkSeconds('retiredKeyGraceSeconds', options.retiredKeyGraceSeconds, 0, 'of at least 0');
  const maxAge = options.jwksMaxAgeSeconds ?? JWKS_MAX_AGE_SECONDS;
  const delay = options.publishDelaySeconds ?? Math.max(DEFAULT_PUBLISH_DELAY_SECONDS, 2 * maxAge + 30);
  checkSeconds('publishDelaySeconds', delay, 0, `above the JWKS max-age (${maxAge} s)`);
  if (!(delay > maxAge)) {
    throw new ManaAuthConfigError(
      'publishDelaySeconds',
      `${delay} s is not more than the JWKS max-age (${maxAge} s): clients holding a cached JWKS would meet the new kid before they fetch it`,
      `publish for longer than ${maxAge} s, e.g. ${2 * maxAge + 30} s`,
    );
  }
  return { delay, grace: options.retiredKeyGraceSeconds ?? ACCESS_TOKEN_TTL_SECONDS };
}

async function rotateLocked(
  query: SqlQuery,
  table: string,
  key: GeneratedSigningKey,
  at: { now: number; delay: number; grace: number },
): Promise<SigningKeyRotation> {
  await query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK]);
  const keys = classifySigningKeys(await readSigningKeyRows(query, table), at.now);
  const active = keys.find((k) => k.state === 'active');
  const pending = keys.find((k) => k.state === 'next');
  if (pending) {
    return {
      kid: pending.row.id,
      activatesAt: pending.activatesAt,
      created: false,
      previousKid: active?.row.id ?? null,
      previousPublishedUntil: active?.publishedUntil ?? null,
    };
  }
  const activatesAt = new Date(at.now + at.delay * 1000);
  await query(
    `INSERT INTO ${table} (id, public_key, private_key, created_at, activates_at, alg, crv)
     VALUES ($1, $2, $3, $4, $5, 'EdDSA', 'Ed25519')`,
    [key.id, key.publicKey, key.privateKey, new Date(at.now), activatesAt],
  );
  let previousPublishedUntil: Date | null = null;
  if (active) {
    previousPublishedUntil = new Date(activatesAt.getTime() + at.grace * 1000);
    // It signs until the new key takes over, and stays published while its tokens live.
    await query(
      `UPDATE ${table} SET expires_at = LEAST(COALESCE(expires_at, $2), $2), published_until = $3 WHERE id = $1`,
      [active.row.id, activatesAt, previousPublishedUntil],
    );
  }
  return {
    kid: key.id,
    activatesAt,
    created: true,
    previousKid: active?.row.id ?? null,
    previousPublishedUntil,
  };
}

/**
 * Rotates the signing key, *publish first, sign later*: a new Ed25519 key enters the JWKS at
 * once but signs only after `publishDelaySeconds`, when every cached JWKS has been refreshed;
 * at that moment the previous key stops signing and stays published for
 * `retiredKeyGraceSeconds` more, while the tokens it signed can still be valid. Every instance
 * hears of it through the revocation channel (see {@link KeyChangeBroadcast}). Takes the key
 * advisory lock: two rotations at once make one, and a rotation while one is pending returns
 * the pending key (`created: false`).
 *
 * @example
 * ```ts
 * const { kid, activatesAt } = await rotateSigningKey(database, { secret: process.env.AUTH_SECRET! });
 * ```
 */
export async function rotateSigningKey(
  database: ManaDatabase,
  options: RotateSigningKeyOptions,
): Promise<SigningKeyRotation> {
  const { delay, grace } = validate(options);
  const now = (options.now ?? (() => Date.now()))();
  const key = await generateSigningKey(options.secret);
  const table = qualifiedTable(database.schema, 'jwks');
  const rotation = await database.transaction((query) =>
    rotateLocked(query, table, key, { now, delay, grace }),
  );
  if (rotation.created) await announceKeyChange(database, options);
  return rotation;
}
