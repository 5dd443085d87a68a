import { createHash } from 'node:crypto';

/**
 * A stable, non-reversible reference to a session, so the events of one session (sign-in,
 * token minting, sign-out, revocation) can be correlated without storing its token or id:
 * the first 128 bits of SHA-256 over the session token, base64url.
 *
 * @example
 * ```ts
 * sessionRef('7Gq...token'); // 'Xw3m0p9bq2l1Yv7cTz8h4A'
 * ```
 */
export function sessionRef(token: string): string {
  return createHash('sha256').update(`mana-session-ref:${token}`).digest('base64url').slice(0, 22);
}
