import { randomUUID } from 'node:crypto';
import { qualifiedTable } from '@mana/internal';
import type { ManaDatabase, SqlQuery } from '../database/create-database.js';

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

interface JwkRow {
  id: string;
  public_key: string;
  private_key: string;
  created_at: Date;
  expires_at: Date | null;
  alg: string | null;
  crv: string | null;
}

/** Options of {@link createSigningKeyStore}. */
export interface SigningKeyStoreOptions {
  /** Keys past `expires_at + gracePeriodSeconds` are deleted. Undefined: never rotated. */
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
  /** Forgets the cached keys (after a rotation in this process, or in tests). */
  invalidate(): void;
  /** A number that changes whenever a read finds a different set of key ids (the JWKS cache). */
  generation(): number;
}

// Any constant; the same in every instance so only one creates a key at a time.
const KEY_CREATION_LOCK = 7_305_118_275;
const JWKS_PATH = '/jwks';

const isEd25519 = (row: JwkRow) =>
  (row.alg === null || row.alg === 'EdDSA') && (row.crv === null || row.crv === 'Ed25519');

const toJwk = (row: JwkRow): StoredJwk => ({
  id: row.id,
  publicKey: row.public_key,
  privateKey: row.private_key,
  createdAt: new Date(row.created_at),
  ...(row.expires_at ? { expiresAt: new Date(row.expires_at) } : {}),
  alg: 'EdDSA',
  crv: 'Ed25519',
});

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
 * - keys past their grace period are deleted (Better Auth only hides them);
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
  let cached: { keys: StoredJwk[]; until: number } | undefined;
  let generation = 0;
  let seenIds = '';
  const table = qualifiedTable(database.schema, 'jwks');

  const prune = async (query: SqlQuery) => {
    if (options.gracePeriodSeconds === undefined) return;
    await query(
      `DELETE FROM ${table} WHERE expires_at IS NOT NULL AND expires_at + make_interval(secs => $1) < $2`,
      [options.gracePeriodSeconds, new Date(now())],
    );
  };

  const readAll = async (): Promise<StoredJwk[]> => {
    await prune(database.query);
    const rows = await database.query<JwkRow & Record<string, unknown>>(
      `SELECT * FROM ${table} ORDER BY created_at DESC`,
    );
    // Only Ed25519 keys are ever served or used, whatever else a row may hold.
    const keys = rows.filter(isEd25519).map(toJwk);
    const ids = keys.map((key) => key.id).join(',');
    if (ids !== seenIds) {
      seenIds = ids;
      generation++;
    }
    return keys;
  };

  return {
    async getJwks(ctx) {
      if (ctx.path !== JWKS_PATH && cached && cached.until > now()) return cached.keys;
      const keys = await readAll();
      // An empty table is never cached: the key created next must be seen at once.
      cached = keys.length > 0 ? { keys, until: now() + cacheTtlMs } : undefined;
      return keys;
    },
    async createJwk(data) {
      if ((data.alg ?? 'EdDSA') !== 'EdDSA' || (data.crv ?? 'Ed25519') !== 'Ed25519') {
        throw new Error(
          `Refusing to store a ${data.alg}/${data.crv} key: only EdDSA (Ed25519) keys are allowed.`,
        );
      }
      const row = await database.transaction(async (query) => {
        await query('SELECT pg_advisory_xact_lock($1)', [KEY_CREATION_LOCK]);
        await prune(query);
        const [live] = await query<JwkRow & Record<string, unknown>>(
          `SELECT * FROM ${table} WHERE expires_at IS NULL OR expires_at > $1
           ORDER BY created_at DESC LIMIT 1`,
          [new Date(now())],
        );
        if (live) return live;
        const [inserted] = await query<JwkRow & Record<string, unknown>>(
          `INSERT INTO ${table} (id, public_key, private_key, created_at, expires_at, alg, crv)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [
            randomUUID(),
            data.publicKey,
            data.privateKey,
            new Date(now()),
            data.expiresAt ?? null,
            data.alg ?? null,
            data.crv ?? null,
          ],
        );
        return inserted!;
      });
      // Read the set again so signing in this process uses it from now on without a query.
      const keys = await readAll();
      cached = keys.length > 0 ? { keys, until: now() + cacheTtlMs } : undefined;
      return toJwk(row);
    },
    invalidate() {
      cached = undefined;
    },
    generation: () => generation,
  };
}
