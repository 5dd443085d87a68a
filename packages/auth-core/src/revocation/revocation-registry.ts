/**
 * One revoked session, as the registry needs it: both keys a credential can name it by (the
 * cookie's session token, an access token's `sid`) and how long anything derived from it can
 * still be valid.
 */
export interface RevokedSession {
  /** `auth.sessions.id`, the `sid` of access tokens minted from the session. */
  readonly sessionId: string;
  /** The session token inside the signed session cookie. */
  readonly token: string;
  /**
   * Epoch milliseconds after which nothing derived from the session can be valid any more
   * (the later of cookie-cache age and access-token lifetime from now); the entry is forgotten then.
   */
  readonly forgetAfter: number;
}

/**
 * Revoked sessions, kept in memory on every instance (hashed) for as long as a cookie cache or an
 * access token derived from them can be valid. Checks are synchronous and read memory only (zero
 * queries, zero round trips). `revoke` enters the entries locally at once, writes them to the
 * durable record (`auth.revoked_sessions`) and broadcasts them (PostgreSQL LISTEN/NOTIFY, or Redis
 * pub/sub when Redis is configured); other instances catch up from the durable record whenever
 * their listening connection (re)connects, so a missed notification never resurrects a session.
 */
export interface RevocationRegistry {
  /** True when the session whose cookie carries `sessionToken` was revoked. Memory only. */
  isTokenRevoked(sessionToken: string): boolean;
  /** True when the session `sessionId` (an access token's `sid`) was revoked. Memory only. */
  isSessionRevoked(sessionId: string): boolean;
  /** Revokes at once on this instance; resolves when recorded durably and broadcast. */
  revoke(sessions: readonly RevokedSession[]): Promise<void>;
  /** Loads the durable record and starts listening. Idempotent. */
  start(): Promise<void>;
  /** Stops listening and releases connections. */
  close(): Promise<void>;
}
