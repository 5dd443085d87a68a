import type { SqlQuery } from '../database/create-database.js';
import type { HashedRevocation } from './revoked-set.js';

/** A row of `auth.revoked_sessions`: hashes, `forgetAfter`, and its place in the record. */
export interface RecordedRevocation extends HashedRevocation {
  /** `auth.revoked_sessions.id`: increases with every entry; catch-up reads past the last one seen. */
  readonly id: number;
}

interface Row extends Record<string, unknown> {
  id: string | number;
  token_hash: string;
  session_id_hash: string;
  forget_after: Date | string;
}

const fromRow = (row: Row): RecordedRevocation => ({
  id: Number(row.id),
  tokenHash: row.token_hash,
  sessionIdHash: row.session_id_hash,
  forgetAfter: new Date(row.forget_after).getTime(),
});

const COLUMNS = 'id, token_hash, session_id_hash, forget_after';

/** Writes `entries` to `table` (`"<schema>".revoked_sessions`) and returns them with their ids. */
export async function insertRevocations(
  query: SqlQuery,
  table: string,
  entries: readonly HashedRevocation[],
): Promise<RecordedRevocation[]> {
  if (entries.length === 0) return [];
  const params: unknown[] = [];
  const values = entries.map((entry) => {
    params.push(entry.tokenHash, entry.sessionIdHash, new Date(entry.forgetAfter));
    const n = params.length;
    return `($${n - 2}, $${n - 1}, $${n})`;
  });
  const rows = await query<Row>(
    `INSERT INTO ${table} (token_hash, session_id_hash, forget_after) VALUES ${values.join(', ')} RETURNING ${COLUMNS}`,
    params,
  );
  return rows.map(fromRow);
}

/** Entries recorded after `afterId` that are not yet forgotten at `nowMs`, oldest first. */
export async function revocationsSince(
  query: SqlQuery,
  table: string,
  afterId: number,
  nowMs: number,
): Promise<RecordedRevocation[]> {
  const rows = await query<Row>(
    `SELECT ${COLUMNS} FROM ${table} WHERE id > $1 AND forget_after > $2 ORDER BY id`,
    [afterId, new Date(nowMs)],
  );
  return rows.map(fromRow);
}

/** Deletes the entries forgotten at `nowMs`. */
export async function pruneRevocations(query: SqlQuery, table: string, nowMs: number): Promise<void> {
  await query(`DELETE FROM ${table} WHERE forget_after <= $1`, [new Date(nowMs)]);
}

/** What a broadcast carries: the sender and its entries (hashes only). */
export interface RevocationMessage {
  /** The registry that sent it (it ignores its own). */
  readonly origin: string;
  readonly entries: readonly RecordedRevocation[];
  /**
   * The signing keys changed (rotated or revoked, `src/keys/`): every instance re-reads
   * `auth.jwks` and drops its cached keys, JWKS and verified tokens. Sent as `"k": 1` next to an
   * empty entry list, which registries that predate it read as a message with no revocations.
   */
  readonly keysChanged?: boolean;
}

/**
 * Encodes a broadcast, compactly (`[id, tokenHash, sessionIdHash, forgetAfter]` per entry): a
 * PostgreSQL NOTIFY payload must stay under 8000 bytes, so callers send at most
 * {@link MESSAGE_ENTRIES} entries per message.
 */
export function encodeRevocationMessage(message: RevocationMessage): string {
  return JSON.stringify({
    o: message.origin,
    e: message.entries.map((e) => [e.id, e.tokenHash, e.sessionIdHash, e.forgetAfter]),
    ...(message.keysChanged ? { k: 1 } : {}),
  });
}

/** Entries per broadcast message (about 120 bytes each). */
export const MESSAGE_ENTRIES = 50;

const isEntry = (value: unknown): value is [number, string, string, number] =>
  Array.isArray(value) &&
  value.length === 4 &&
  typeof value[0] === 'number' &&
  typeof value[1] === 'string' &&
  typeof value[2] === 'string' &&
  typeof value[3] === 'number';

/** Decodes a broadcast; undefined when it is not one (ignored). */
export function decodeRevocationMessage(text: string | undefined): RevocationMessage | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { o, e, k } = (parsed ?? {}) as { o?: unknown; e?: unknown; k?: unknown };
  if (typeof o !== 'string' || !Array.isArray(e) || !e.every(isEntry)) return undefined;
  return {
    origin: o,
    entries: e.map(([id, tokenHash, sessionIdHash, forgetAfter]) => ({
      id,
      tokenHash,
      sessionIdHash,
      forgetAfter,
    })),
    ...(k === 1 ? { keysChanged: true } : {}),
  };
}

/** `entries` in groups of at most `size`. */
export function inChunks<T>(entries: readonly T[], size = MESSAGE_ENTRIES): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < entries.length; i += size) chunks.push(entries.slice(i, i + size));
  return chunks;
}
