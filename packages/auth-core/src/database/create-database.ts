import { rejectUnknownKeys } from '@mana/internal';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { ManaAuthConfigError } from '../errors.js';
import { type AuthTables, authTablesFor } from './auth-tables.js';
import { type ClassifiedInput, classifyDatabaseInput, type DatabaseInput } from './database-input.js';
import { openPglite } from './pglite-database.js';
import { openPostgres } from './postgres-database.js';
import { validSchema } from './schema-option.js';

export type { DatabaseInput } from './database-input.js';
export { redactUrl } from './database-input.js';

/** A drizzle database typed with auth-core's tables, on either driver. */
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
  /** `postgres` for a PostgreSQL server (URL, pool or client), `pglite` for PGlite. */
  readonly kind: 'postgres' | 'pglite';
  /** The Postgres schema that holds every table of auth-core (and of security-events by default). */
  readonly schema: string;
  /** The drizzle tables in {@link ManaDatabase.schema}, as given to Better Auth's drizzle adapter. */
  readonly tables: AuthTables;
  /** Drizzle instance with {@link ManaDatabase.tables}, for queries and for Better Auth's adapter. */
  readonly db: AuthDrizzle;
  /** Raw SQL on the same connection pool. */
  readonly query: SqlQuery;
  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (query: SqlQuery) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: opens a connection of its own, outside the pool, for a session that must
   * stay on one connection (`LISTEN`); `applicationName` shows in `pg_stat_activity`. With a
   * pool or client you brought, it is a new `pg.Client` with the same connection settings
   * (`pool.options`, or the client's host, port, user, password, database and ssl), so the
   * revocation listener never holds one of your pool's connections. The caller ends it;
   * `close()` ends any still open.
   */
  readonly openDedicatedClient?: (options?: { applicationName?: string }) => Promise<DedicatedClient>;
  /**
   * Runs `callback` when `close()` is called, before the pool (or PGlite) closes, e.g. to stop a
   * listener. Returns a function that removes the callback.
   */
  readonly onClose?: (callback: () => Promise<void> | void) => () => void;
  /**
   * Closes what `createDatabase` opened: the pool it made from a URL, the embedded PGlite, its
   * dedicated connections. A pool, client, drizzle or PGlite instance you passed in stays open:
   * you own it and end it yourself (after this). Safe to call twice.
   */
  close(): Promise<void>;
}

/** Options of {@link createDatabase}. */
export interface CreateDatabaseOptions {
  /** PGlite data directory when no URL or connection is given. Default `./.data/mana-auth`. */
  dataDir?: string;
  /** Maximum PostgreSQL connections of the pool made from a URL. Default 10. */
  maxConnections?: number;
  /** Called with the SQL text of every query (drizzle and raw), e.g. to count queries. */
  onQuery?: (sql: string) => void;
  /**
   * The Postgres schema of every table, query and migration (and of `mana_migrations`).
   * Default `auth`. Use another name where `auth` is taken, e.g. `identity` on Supabase or
   * Nhost. A lowercase SQL identifier (letters, digits, `_`; not `pg_*`).
   */
  schema?: string;
}

const KNOWN_OPTIONS = ['dataDir', 'maxConnections', 'onQuery', 'schema'];

function validateOptions(options: CreateDatabaseOptions): string {
  rejectUnknownKeys(options, KNOWN_OPTIONS, {
    where: 'createDatabase',
    onUnknown: (unknown) => {
      throw new ManaAuthConfigError(
        unknown.path,
        'unknown option',
        `${unknown.didYouMean}See CreateDatabaseOptions`,
      );
    },
  });
  const schema = validSchema(options.schema, (problem) => {
    throw new ManaAuthConfigError('schema', problem, 'pass a plain lowercase name such as "identity"');
  });
  const max = options.maxConnections;
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    throw new ManaAuthConfigError(
      'maxConnections',
      `expected a whole number ≥ 1, got ${max}`,
      'pass e.g. 10',
    );
  return schema;
}

function refuseInapplicable(input: ClassifiedInput, options: CreateDatabaseOptions): void {
  if (options.maxConnections !== undefined && input.kind !== 'url')
    throw new ManaAuthConfigError(
      'maxConnections',
      'only applies to the pool made from a URL',
      'size your own pool where you create it, or pass a URL',
    );
  if (options.dataDir !== undefined && input.kind !== 'embedded')
    throw new ManaAuthConfigError(
      'dataDir',
      'only applies to the embedded PGlite database',
      'remove dataDir, or pass no database input',
    );
}

/**
 * Opens the database (see {@link DatabaseInput}): PGlite in a data directory when nothing is
 * given (keys and users survive restarts), in-memory PGlite for `memory://`, a pool of its own
 * for a `postgres://` URL, or your existing `pg.Pool`, `pg.Client`/`PoolClient`, PGlite or
 * drizzle instance. What you pass in stays yours: `close()` does not end it. Every table lives
 * in `options.schema` (default `auth`), carried as `database.schema`.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const database = await createDatabase(pool, { schema: 'identity' });
 * await migrate(database);
 * // ... on shutdown
 * await database.close();
 * await pool.end();
 * ```
 */
export async function createDatabase(
  input?: DatabaseInput,
  options: CreateDatabaseOptions = {},
): Promise<ManaDatabase> {
  const schema = validateOptions(options);
  const classified = classifyDatabaseInput(input, options.dataDir ?? './.data/mana-auth');
  refuseInapplicable(classified, options);
  const settings = { schema, tables: authTablesFor(schema), onQuery: options.onQuery };
  switch (classified.kind) {
    case 'embedded':
    case 'pglite':
      return openPglite(classified, settings);
    case 'url':
      return openPostgres({ ...classified, maxConnections: options.maxConnections ?? 10 }, settings);
    default:
      return openPostgres(classified, settings);
  }
}
