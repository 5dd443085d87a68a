import pg from 'pg';
import type { AuthTables } from './auth-tables.js';
import { closeCallbacks, queryLogger } from './close-callbacks.js';
import type { AuthDrizzle, DedicatedClient, ManaDatabase, SqlQuery } from './create-database.js';

/** How {@link openPostgres} reaches the server. */
export type PostgresSource =
  | { readonly kind: 'url'; readonly url: string; readonly maxConnections: number }
  | { readonly kind: 'pool'; readonly pool: pg.Pool }
  | { readonly kind: 'client'; readonly client: pg.Client };

/** What {@link openPostgres} needs besides the source. */
export interface PostgresSettings {
  readonly schema: string;
  readonly tables: AuthTables;
  readonly onQuery: ((sql: string) => void) | undefined;
}

type Queryable = pg.Pool | pg.Client;

/**
 * Connection settings for a dedicated connection to the same server: the URL, a caller's pool's
 * own options (`pool.options`: host, user, password (a function too), ssl, ...), or a caller's
 * client's connection parameters.
 */
function dedicatedConfig(source: PostgresSource): pg.ClientConfig {
  if (source.kind === 'url') return { connectionString: source.url };
  if (source.kind === 'pool') {
    const { max: _max, min: _min, idleTimeoutMillis: _idle, ...rest } = source.pool.options;
    return rest as pg.ClientConfig;
  }
  const params = (source.client as unknown as { connectionParameters?: Record<string, unknown> })
    .connectionParameters;
  const pick = ['user', 'password', 'host', 'port', 'database', 'ssl'] as const;
  const config: Record<string, unknown> = {};
  for (const key of pick) if (params?.[key] !== undefined) config[key] = params[key];
  return config as pg.ClientConfig;
}

/** One transaction at a time on a single `pg.Client` (BEGIN/COMMIT share its one session). */
function serialised() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => {});
    return next;
  };
}

function runner(client: Queryable | pg.PoolClient, onQuery: PostgresSettings['onQuery']): SqlQuery {
  return async (text, params) => {
    onQuery?.(text);
    const res = await client.query(text, params as unknown[] | undefined);
    return res.rows;
  };
}

async function inTransaction<T>(
  client: Queryable | pg.PoolClient,
  run: SqlQuery,
  fn: (q: SqlQuery) => Promise<T>,
) {
  await client.query('BEGIN');
  try {
    const result = await fn(run);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * A {@link ManaDatabase} on PostgreSQL. A pool made from a URL belongs to the database and
 * `close()` ends it; a pool or client the caller brought is theirs: `close()` only ends what the
 * database opened itself (its LISTEN connections) and runs its close callbacks.
 */
export async function openPostgres(
  source: PostgresSource,
  settings: PostgresSettings,
): Promise<ManaDatabase> {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const owned = source.kind === 'url';
  const connection: Queryable =
    source.kind === 'url'
      ? new pg.Pool({ connectionString: source.url, max: source.maxConnections })
      : source.kind === 'pool'
        ? source.pool
        : source.client;
  // An idle client that errors (server restart) must not crash the process.
  if (owned) (connection as pg.Pool).on('error', () => {});
  const db = drizzle(connection, { schema: settings.tables, logger: queryLogger(settings.onQuery) });
  const query = runner(connection, settings.onQuery);
  const single = source.kind === 'client' ? serialised() : undefined;
  let closed = false;
  const closing = closeCallbacks();
  const dedicated = new Set<pg.Client>();
  return {
    kind: 'postgres',
    schema: settings.schema,
    tables: settings.tables,
    db: db as unknown as AuthDrizzle,
    query,
    async openDedicatedClient({ applicationName } = {}) {
      const client = new pg.Client({
        ...dedicatedConfig(source),
        ...(applicationName ? { application_name: applicationName } : {}),
      });
      dedicated.add(client);
      // From the first moment: a connection ended by the server (restart, DROP DATABASE, admin
      // kill) must not crash the process; its 'end' and failing queries tell the owner.
      client.on('error', () => {});
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
      if (single) return single(() => inTransaction(connection, query, fn));
      const client = await (connection as pg.Pool).connect();
      try {
        return await inTransaction(client, runner(client, settings.onQuery), fn);
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await closing.run();
      await Promise.all([...dedicated].map((client) => client.end().catch(() => {})));
      if (owned) await (connection as pg.Pool).end();
    },
  };
}
