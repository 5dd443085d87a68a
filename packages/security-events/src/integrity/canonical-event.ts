import { createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';
import { leafHashOfText } from './merkle.js';

/**
 * One stored event as the hash sees it: the row's columns, `createdAt` as the UTC text
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` (microseconds, as the writer stores it).
 *
 * @example
 * ```ts
 * const row: StoredEventFields = { id, userId: 'u1', eventType: 'logout', ipAddress: null, userAgent: null, metadata: null, createdAt: '2026-01-01T00:00:00.000000Z' };
 * ```
 */
export interface StoredEventFields {
  id: string;
  userId: string | null;
  eventType: string;
  ipAddress: string | null;
  userAgent: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
}

/**
 * What enters an event's leaf hash. The personal data (user id, IP address, user agent and
 * `metadata.email`) is replaced by one keyed commitment, `personal` = HMAC-SHA-256(commit key,
 * JCS of the four values) in base64url, or null when all four are null: erasing those values
 * later (keeping the commitment) leaves every hash intact, and without the commit key the
 * commitment reveals nothing about them.
 *
 * @example
 * ```ts
 * const event: CanonicalEvent = canonicalEvent(row, commitKey);
 * ```
 */
export interface CanonicalEvent {
  id: string;
  type: string;
  at: string;
  personal: string | null;
  metadata: Record<string, unknown> | null;
}

/**
 * The keyed commitment to an event's personal data (see {@link CanonicalEvent}).
 *
 * @example
 * ```ts
 * personalCommitment(key, 'u1', '203.0.113.0', 'curl/8', null); // 'q2x...'
 * ```
 */
export function personalCommitment(
  commitKey: Buffer,
  userId: string | null,
  ipAddress: string | null,
  userAgent: string | null,
  email: unknown,
): string | null {
  const mail = email === undefined ? null : email;
  if (userId === null && ipAddress === null && userAgent === null && mail === null) return null;
  const values = [userId, ipAddress, userAgent, mail];
  // Strings and nulls only (the usual case): JCS serialises them exactly as JSON.stringify does
  // (RFC 8785 3.2.2.2), without canonicalize's walk.
  const jcs =
    mail === null || typeof mail === 'string' ? JSON.stringify(values) : (canonicalize(values) as string);
  return createHmac('sha256', commitKey).update(jcs).digest('base64url');
}

/**
 * The canonical form of a stored event, with its personal data committed.
 *
 * @example
 * ```ts
 * const event = canonicalEvent(row, commitKey);
 * ```
 */
export function canonicalEvent(row: StoredEventFields, commitKey: Buffer): CanonicalEvent {
  let metadata = row.metadata;
  let email: unknown = null;
  if (metadata !== null && Object.hasOwn(metadata, 'email')) {
    const { email: value, ...rest } = metadata;
    email = value;
    metadata = rest;
  }
  return {
    id: row.id,
    type: row.eventType,
    at: row.createdAt,
    personal: personalCommitment(commitKey, row.userId, row.ipAddress, row.userAgent, email),
    metadata,
  };
}

/**
 * The canonical bytes of an event: RFC 8785 (JCS) JSON in UTF-8, produced by `canonicalize`
 * (the reference implementation by the RFC's author).
 *
 * @example
 * ```ts
 * const bytes = canonicalBytes(canonicalEvent(row, commitKey));
 * ```
 */
export function canonicalBytes(event: CanonicalEvent): Buffer {
  return Buffer.from(canonicalize(event) as string, 'utf8');
}

/**
 * The leaf hash of a stored event: SHA-256(0x00 ‖ canonical bytes).
 *
 * @example
 * ```ts
 * const leaf = eventLeaf(row, commitKey);
 * ```
 */
export function eventLeaf(row: StoredEventFields, commitKey: Buffer): Buffer {
  return leafHashOfText(canonicalize(canonicalEvent(row, commitKey)) as string);
}

/**
 * An event row as the writer serialises it for the insert (short keys; see `PendingEvent`).
 *
 * @example
 * ```ts
 * const row = JSON.parse(event.json) as PendingRow;
 * ```
 */
export interface PendingRow {
  id: string;
  u: string | null;
  t: string;
  i: string | null;
  a: string | null;
  m: Record<string, unknown> | null;
  c: string;
}

/**
 * The leaf hash of an event the writer is about to insert (its parsed row JSON, short keys),
 * equal to {@link eventLeaf} of the row once stored.
 *
 * @example
 * ```ts
 * const leaf = pendingEventLeaf(JSON.parse(event.json), commitKey);
 * ```
 */
export function pendingEventLeaf(r: PendingRow, commitKey: Buffer): Buffer {
  return eventLeaf(
    { id: r.id, userId: r.u, eventType: r.t, ipAddress: r.i, userAgent: r.a, metadata: r.m, createdAt: r.c },
    commitKey,
  );
}

/**
 * The canonical text (RFC 8785 JCS) of an event the writer is about to insert, for the hash
 * workers' hot loop: its leaf is `leafHashOfText(text)`, equal to {@link pendingEventLeaf}. The
 * commitments of recent (user id, IP, user agent, email) tuples are remembered (a user's events
 * repeat them), and the five fixed top-level members are written in JCS order by hand, as is
 * flat metadata ({@link metadataJcs}). JSON.stringify of a string is exactly JCS's string form
 * (RFC 8785 3.2.2.2) and the member names are already in JCS order (at, id, metadata, personal,
 * type); `canonical-event.test.ts` checks the text against `canonicalize` on generated rows.
 *
 * @example
 * ```ts
 * const textOf = pendingCanonicalText(commitKey);
 * const leaf = leafHashOfText(textOf(JSON.parse(event.json)));
 * ```
 */
export function pendingCanonicalText(commitKey: Buffer, cacheSize = 4096): (row: PendingRow) => string {
  // Commitments by user agent, then by the JSON of (user id, IP, email): the long user agent is
  // hashed by the map instead of copied into every key (measured: 0.45 against 0.8 µs a lookup).
  let commitments = new Map<string | null, Map<string, string | null>>();
  let remembered = 0;
  return (r) => {
    let metadata = r.m;
    let email: unknown = null;
    if (metadata !== null && Object.hasOwn(metadata, 'email')) {
      const { email: value, ...rest } = metadata;
      email = value === undefined ? null : value;
      metadata = rest;
    }
    const plain = email === null || typeof email === 'string';
    const tuple = plain ? JSON.stringify([r.u, r.i, email]) : undefined;
    let byAgent = commitments.get(r.a);
    let personal = tuple === undefined ? undefined : byAgent?.get(tuple);
    if (personal === undefined) {
      personal = personalCommitment(commitKey, r.u, r.i, r.a, email);
      if (tuple !== undefined) {
        if (remembered >= cacheSize) {
          commitments = new Map();
          remembered = 0;
          byAgent = undefined;
        }
        if (byAgent === undefined) {
          byAgent = new Map();
          commitments.set(r.a, byAgent);
        }
        byAgent.set(tuple, personal);
        remembered++;
      }
    }
    return `{"at":${JSON.stringify(r.c)},"id":${JSON.stringify(r.id)},"metadata":${metadata === null ? 'null' : metadataJcs(metadata)},"personal":${personal === null ? 'null' : JSON.stringify(personal)},"type":${JSON.stringify(r.t)}}`;
  };
}

/**
 * JCS of a metadata object. Flat metadata (strings, finite numbers, booleans, nulls: what events
 * usually carry) is written here the way `canonicalize` writes it (keys sorted by UTF-16 code
 * units, values through JSON.stringify), at about half its cost; anything else goes through it.
 */
function metadataJcs(metadata: Record<string, unknown>): string {
  const keys = Object.keys(metadata).sort();
  let text = '{';
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const value = metadata[key];
    const flat =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!flat) return canonicalize(metadata) as string;
    text += `${k === 0 ? '' : ','}${quotedKey(key)}${JSON.stringify(value)}`;
  }
  return `${text}}`;
}

// Metadata keys repeat from event to event: each is quoted once (`"key":`), up to a bound.
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < 1024) quotedKeys.set(key, quoted);
  }
  return quoted;
}
