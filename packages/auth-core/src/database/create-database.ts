import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { ManaAuthConfigError } from '../errors.js';
import { type AuthTables, authTables } from './auth-tables.js';

/** A drizzle database typed with the `auth` tables, on either driver. */
export type AuthDrizzle = PgDatabase<PgQueryResultHKT, AuthTables>;

/** Runs one SQL statement with positional parameters and returns its rows. */
export type SqlQuery = <T extends Record<string, unknown> = Record<string, unknown>>(
  text: string,
  params?: readonly unknown[],
) => Promise<T[]>;

/**
 * A connection of its own, outside the pool (see {@link ManaDatabase.openDedicatedClient}):
 * the part of `pg`'s `Client` a listener needs.
 */
export interface DedicatedClient {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'end', listener: () => void): unknown;
  end(): Promise<void>;
}

/** A database connection shared by auth-core, security-events and the examples. */
export interface ManaDatabase {
  /** `postgres` for a server reached by URL, `pglite` for the embedded database. */
  readonly kind: 'postgres' | 'pglite';
  /** Drizzle instance with the `auth` schema, for queries and for Better Auth's adapter. */
  readonly db: AuthDrizzle;
  /** Raw SQL on the same connection pool. */
  readonly query: SqlQuery;
  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (query: SqlQuery) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: opens a connection of its own, outside the pool, for a session that must
   * stay on one connection (`LISTEN`); `applicationName` shows in `pg_stat_activity`. The caller
   * ends it; `close()` ends any still open.
   */
  readonly openDedicatedClient?: (options?: { applicationName?: string }) => Promise<DedicatedClient>;
  /**
   * Runs `callback` when `close()` is called, before the pool (or PGlite) closes, e.g. to stop a
   * listener. Returns a function that removes the callback.
   */
  readonly onClose?: (callback: () => Promise<void> | void) => () => void;
  /** Closes the pool (or PGlite). Safe to call twice. */
  close(): Promise<void>;
}

/** Options of {@link createDatabase}. */
export interface CreateDatabaseOptions {
  /** PGlite data directory when no URL is given. Default `./.data/mana-auth`. */
  dataDir?: string;
  /** Maximum PostgreSQL connections in the pool. Default 10. */
  maxConnections?: number;
  /** Called with the SQL text of every query (drizzle and raw), e.g. to count queries. */
  onQuery?: (sql: string) => void;
}

/**
 * Opens the database: PostgreSQL for a `postgres://` or `postgresql://` URL, PGlite in a data
 * directory when no URL is given (keys and users survive restarts), in-memory PGlite for
 * `memory://`.
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL);
 * await migrate(database);
 * // ... on shutdown
 * await database.close();
 * ```
 */
export async function createDatabase(
  url?: string,
  options: CreateDatabaseOptions = {},
): Promise<ManaDatabase> {
  if (url === undefined || url === '') return openPglite(options.dataDir ?? './.data/mana-auth', options);
  if (url === 'memory://') return openPglite(undefined, options);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new ManaAuthConfigError(
    'database',
    `unsupported database URL scheme in "${redactUrl(url)}"`,
    'use postgres://user:password@host:5432/db, or leave DATABASE_URL unset for the embedded PGlite database',
  );
}

function queryLogger(onQuery: ((sql: string) => void) | undefined): Logger | undefined {
  return onQuery ? { logQuery: (sql) => onQuery(sql) } : undefined;
}

async function openPostgres(url: string, options: CreateDatabaseOptions): Promise<ManaDatabase> {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema: authTables, logger: queryLogger(options.onQuery) });
  const run =
    (client: pg.Pool | pg.PoolClient): SqlQuery =>
    async (text, params) => {
      options.onQuery?.(text);
      const res = await client.query(text, params as unknown[] | undefined);
      return res.rows;
    };
  let closed = false;
  const closing = closeCallbacks();
  const dedicated = new Set<pg.Client>();
  return {
    kind: 'postgres',
    db: db as unknown as AuthDrizzle,
    query: run(pool),
    async openDedicatedClient({ applicationName } = {}) {
      const client = new pg.Client({
        connectionString: url,
        ...(applicationName ? { application_name: applicationName } : {}),
      });
      dedicated.add(client);
      client.once('end', () => dedicated.delete(client));
      try {
        await client.connect();
      } catch (error) {
        dedicated.delete(client);
        throw error;
      }
      return client as unknown as DedicatedClient;
    },
    onClose: closing.add,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(run(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await closing.run();
      await Promise.all([...dedicated].map((client) => client.end().catch(() => {})));
      await pool.end();
    },
  };
}

async function openPglite(
  dataDir: string | undefined,
  options: CreateDatabaseOptions,
): Promise<ManaDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let client: PGlite;
  if (dataDir) {
    const absolute = resolve(dataDir);
    mkdirSync(absolute, { recursive: true });
    client = new PGlite(absolute);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzle(client, { schema: authTables, logger: queryLogger(options.onQuery) });
  const query: SqlQuery = async (text, params) => {
    options.onQuery?.(text);
    const res = await client.query(text, params as unknown[] | undefined);
    return res.rows as never[];
  };
  let closed = false;
  const closing = closeCallbacks();
  return {
    kind: 'pglite',
    onClose: closing.add,
    db: db as unknown as AuthDrizzle,
    query,
    transaction: (fn) =>
      client.transaction((tx) =>
        fn(async (text, params) => {
          options.onQuery?.(text);
          const res = await tx.query(text, params as unknown[] | undefined);
          return res.rows as never[];
        }),
      ),
    async close() {
      if (closed) return;
      closed = true;
      await closing.run();
      await client.close();
    },
  };
}

/** The callbacks of `onClose`, run once (failures ignored: closing goes on). */
function closeCallbacks() {
  const callbacks = new Set<() => Promise<void> | void>();
  return {
    add(callback: () => Promise<void> | void): () => void {
      callbacks.add(callback);
      return () => callbacks.delete(callback);
    },
    async run(): Promise<void> {
      const pending = [...callbacks];
      callbacks.clear();
      await Promise.all(pending.map(async (callback) => callback()).map((p) => p.catch(() => {})));
    },
  };
}

/** Hides the password of a connection string for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
