import { randomUUID } from 'node:crypto';
import { qualifiedTable } from '@mana/internal';
import type { ManaDatabase, SqlQuery } from '../database/create-database.js';
import { readSigningKeyRows, SIGNING_KEY_LOCK, type SigningKeyRow } from '../keys/signing-key-rows.js';
import { activeSigningKey, classifySigningKeys, isPublished } from '../keys/signing-key-state.js';

/** A row of `auth.jwks` as Better Auth's jwt plugin sees it. */
export interface StoredJwk {
  id: string;
  publicKey: string;
  privateKey: string;
  createdAt: Date;
  expiresAt?: Date;
  alg?: 'EdDSA';
  crv?: 'Ed25519';
}

/** What Better Auth hands over when it wants a key created (it only generates Ed25519 here). */
export type NewJwk = Omit<StoredJwk, 'id' | 'alg' | 'crv'> & { alg?: string; crv?: string };

/** Options of {@link createSigningKeyStore}. */
export interface SigningKeyStoreOptions {
  /**
   * Better Auth's rotation grace (`keyRotation.gracePeriodSeconds`): keys it expired are deleted
   * past `expires_at + gracePeriodSeconds`. Undefined: Better Auth never rotates. Keys retired by
   * `rotateSigningKey` carry their own end (`published_until`).
   */
  gracePeriodSeconds?: number;
  /** How long signing reuses the keys it read. Default 60 s. The JWKS route always reads fresh. */
  cacheTtlMs?: number;
  /**
   * The clock, in milliseconds since the epoch, for key creation times, expiry, the grace
   * period and the cache. Default: the current `Date.now()` (read at each call, so tests that
   * fake `Date` move it too). Better Auth decides when to rotate with `Date`.
   */
  now?: () => number;
}
/** The custom `adapter` of Better Auth's jwt plugin, plus cache control. */
export interface SigningKeyStore {
  getJwks(ctx: { path?: string }): Promise<StoredJwk[]>;
  createJwk(data: NewJwk): Promise<StoredJwk>;
  /** Forgets the cached keys and changes {@link SigningKeyStore.generation} (a key change was announced). */
  invalidate(): void;
  /** A number that changes whenever a read finds a different set of key ids (the JWKS cache). */
  generation(): number;
}

const JWKS_PATH = '/jwks';
/** Revoked keys stay listed (`mana-auth keys list`) this long, then are deleted. */
const REVOKED_RETENTION_SECONDS = 30 * 24 * 60 * 60;
const EPOCH = new Date(0);

const toJwk = (row: SigningKeyRow, expiresAt?: Date): StoredJwk => ({
  id: row.id,
  publicKey: row.public_key,
  privateKey: row.private_key,
  createdAt: row.created_at,
  ...(expiresAt ? { expiresAt } : {}),
  alg: 'EdDSA',
  crv: 'Ed25519',
});

/**
 * What Better Auth is shown. For `/jwks`: every published key (`next`, `active`, `retired`)
 * without an expiry, so its own grace filter keeps them all. For signing (any other path): the
 * active key without an expiry and the other published keys as expired, so that Better Auth's
 * choice of "the newest live key" is always the active one, and a `next` key never signs early.
 */
function viewOf(rows: readonly SigningKeyRow[], path: string | undefined, nowMs: number, grace?: number) {
  const published = classifySigningKeys(rows, nowMs, grace).filter((key) => isPublished(key.state));
  if (path === JWKS_PATH) return published.map((key) => toJwk(key.row));
  return published.map((key) => toJwk(key.row, key.state === 'active' ? undefined : EPOCH));
}

const signatureOf = (rows: readonly SigningKeyRow[]) =>
  rows
    .map((row) =>
      [
        row.id,
        row.activates_at?.getTime(),
        row.expires_at?.getTime(),
        row.published_until?.getTime(),
        row.revoked_at?.getTime(),
      ].join(':'),
    )
    .join(',');

const stores = new WeakMap<object, SigningKeyStore>();

/** Records which key store a Better Auth plugin signs with (for {@link signingKeyStoreOf}). */
export function registerSigningKeyStore<P extends object>(plugin: P, store: SigningKeyStore): P {
  stores.set(plugin, store);
  return plugin;
}

/** The key store of the first plugin in `plugins` registered with one. */
export function signingKeyStoreOf(plugins: readonly object[] | undefined): SigningKeyStore | undefined {
  for (const plugin of plugins ?? []) {
    const store = stores.get(plugin);
    if (store) return store;
  }
  return undefined;
}

/**
 * Keeps Ed25519 signing keys in `auth.jwks` so that every instance agrees:
 * - creation takes an advisory lock and re-checks for a live key, so instances starting at
 *   once on an empty database (or rotating at once) create exactly one key and all use it;
 * - only the `active` key signs; `/jwks` serves `next`, `active` and `retired` keys
 *   (src/keys/signing-key-state.ts), so a key rotated in by `rotateSigningKey` is published
 *   before it signs;
 * - keys past their grace period are deleted (Better Auth only hides them), revoked ones after
 *   30 days;
 * - signing (`/token`, the `set-auth-jwt` header) reads keys from a short in-memory cache,
 *   so it adds no query to a cached session check; the JWKS route always reads the table (and
 *   `withJwksCache` in front of it reads it once per period).
 */
export function createSigningKeyStore(
  database: ManaDatabase,
  options: SigningKeyStoreOptions = {},
): SigningKeyStore {
  const cacheTtlMs = options.cacheTtlMs ?? 60_000;
  const now = options.now ?? (() => Date.now());
  const grace = options.gracePeriodSeconds;
  let cached: { rows: SigningKeyRow[]; until: number } | undefined;
  let generation = 0;
  let seen = '';
  const table = qualifiedTable(database.schema, 'jwks');

  const prune = async (query: SqlQuery) => {
    const at = new Date(now());
    await query(
      `DELETE FROM ${table} WHERE (revoked_at IS NULL AND published_until < $1)
         OR revoked_at < $1 - make_interval(secs => $2)
         OR ($3::int IS NOT NULL AND published_until IS NULL AND revoked_at IS NULL
             AND expires_at + make_interval(secs => $3::int) < $1)`,
      [at, REVOKED_RETENTION_SECONDS, grace ?? null],
    );
  };

  const remember = (rows: SigningKeyRow[]) => {
    const signature = signatureOf(rows);
    if (signature !== seen) {
      seen = signature;
      generation++;
    }
    // An empty table is never cached: the key created next must be seen at once.
    cached = rows.length > 0 ? { rows, until: now() + cacheTtlMs } : undefined;
    return rows;
  };

  const readAll = async (): Promise<SigningKeyRow[]> => {
    await prune(database.query);
    return remember(await readSigningKeyRows(database.query, table));
  };

  return {
    async getJwks(ctx) {
      const fresh = ctx.path === JWKS_PATH || !cached || cached.until <= now();
      const rows = fresh ? await readAll() : cached!.rows;
      return viewOf(rows, ctx.path, now(), grace);
    },
    async createJwk(data) {
      if ((data.alg ?? 'EdDSA') !== 'EdDSA' || (data.crv ?? 'Ed25519') !== 'Ed25519') {
        throw new Error(
          `Refusing to store a ${data.alg}/${data.crv} key: only EdDSA (Ed25519) keys are allowed.`,
        );
      }
      const id = await database.transaction((query) => createLocked(query, table, data, now(), prune));
      // Read the set again so signing in this process uses it from now on without a query.
      const rows = await readAll();
      return toJwk(rows.find((row) => row.id === id)!);
    },
    invalidate() {
      cached = undefined;
      generation++;
    },
    generation: () => generation,
  };
}

/**
 * Under the key lock: the active key if another instance made one meanwhile, else a pending
 * `next` key promoted to sign now, else a new key. Returns the id of the key that signs.
 */
async function createLocked(
  query: SqlQuery,
  table: string,
  data: NewJwk,
  nowMs: number,
  prune: (query: SqlQuery) => Promise<void>,
): Promise<string> {
  await query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK]);
  await prune(query);
  const rows = await readSigningKeyRows(query, table);
  const live = activeSigningKey(rows, nowMs);
  if (live) return live.id;
  const pending = classifySigningKeys(rows, nowMs).find((key) => key.state === 'next');
  if (pending) {
    await query(`UPDATE ${table} SET activates_at = $2 WHERE id = $1`, [pending.row.id, new Date(nowMs)]);
    return pending.row.id;
  }
  const id = randomUUID();
  await query(
    `INSERT INTO ${table} (id, public_key, private_key, created_at, expires_at, alg, crv)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      data.publicKey,
      data.privateKey,
      new Date(nowMs),
      data.expiresAt ?? null,
      data.alg ?? null,
      data.crv ?? null,
    ],
  );
  return id;
}
