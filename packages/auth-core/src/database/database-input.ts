import type { PGlite } from '@electric-sql/pglite';
import { describeValue } from '@mana/internal';
import type pg from 'pg';
import { ManaAuthConfigError } from '../errors.js';

/**
 * What {@link createDatabase} opens:
 * - `undefined` or `''`: the embedded PGlite database in `options.dataDir`;
 * - `'memory://'`: an in-memory PGlite database (tests);
 * - a `postgres://` or `postgresql://` URL: a pool of its own (closed by `close()`);
 * - a `pg.Pool`, a `pg.Client` or a `pg.PoolClient` (connected), a PGlite instance, or a
 *   drizzle instance on one of them (node-postgres or PGlite driver; its `$client` is used):
 *   yours, used as is and never closed by `close()`.
 *
 * @example
 * ```ts
 * const input: DatabaseInput = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export type DatabaseInput =
  | string
  | pg.Pool
  | pg.Client
  | pg.PoolClient
  | PGlite
  | { readonly $client: pg.Pool | pg.Client | pg.PoolClient | PGlite }
  | undefined;

/** The input, recognised. */
export type ClassifiedInput =
  | { readonly kind: 'embedded'; readonly dataDir: string | undefined }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'pool'; readonly pool: pg.Pool }
  | { readonly kind: 'client'; readonly client: pg.Client }
  | { readonly kind: 'pglite'; readonly pglite: PGlite };

type Probe = Record<string, unknown>;
const has = (value: Probe, ...methods: string[]) => methods.every((m) => typeof value[m] === 'function');

// Duck typing, not instanceof: the caller's pg or PGlite may be another copy of the library.
const isPool = (v: Probe) => has(v, 'connect', 'query', 'end', 'on') && 'totalCount' in v && 'idleCount' in v;
const isClient = (v: Probe) => has(v, 'connect', 'query', 'end', 'on') && 'connectionParameters' in v;
const isPglite = (v: Probe) => has(v, 'query', 'exec', 'transaction', 'close') && 'waitReady' in v;
const isDrizzle = (v: Probe) => '$client' in v && has(v, 'select', 'execute');

const FIX =
  'pass a postgres:// URL, a pg.Pool, a connected pg.Client or PoolClient, a PGlite instance, ' +
  'a drizzle instance on one of them, or nothing for the embedded database';

function unsupported(problem: string): ManaAuthConfigError {
  return new ManaAuthConfigError('database', problem, FIX);
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

function classifyUrl(url: string, dataDir: string): ClassifiedInput {
  if (url === '') return { kind: 'embedded', dataDir };
  if (url === 'memory://') return { kind: 'embedded', dataDir: undefined };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'url', url };
  throw new ManaAuthConfigError(
    'database',
    `unsupported database URL scheme in "${redactUrl(url)}"`,
    'use postgres://user:password@host:5432/db, or leave DATABASE_URL unset for the embedded PGlite database',
  );
}

/**
 * Recognises what {@link DatabaseInput} was passed; throws `ManaAuthConfigError` (field
 * `database`) for anything else, e.g. a drizzle instance on another driver.
 */
export function classifyDatabaseInput(input: unknown, dataDir: string): ClassifiedInput {
  if (input === undefined) return { kind: 'embedded', dataDir };
  if (typeof input === 'string') return classifyUrl(input, dataDir);
  if (input === null || typeof input !== 'object') throw unsupported(`got ${describeValue(input)}`);
  const value = input as Probe;
  if (isDrizzle(value)) {
    const client = value.$client;
    if (client !== null && typeof client === 'object' && !isDrizzle(client as Probe)) {
      const inner = classifyObject(client as Probe);
      if (inner) return inner;
    }
    throw unsupported(
      'got a drizzle instance whose driver is neither node-postgres (pg) nor PGlite (its $client is not a pg.Pool, pg.Client or PGlite)',
    );
  }
  const classified = classifyObject(value);
  if (classified) return classified;
  throw unsupported(`got ${describeValue(input)} that is none of the supported kinds`);
}

function classifyObject(value: Probe): ClassifiedInput | undefined {
  if (isPool(value)) return { kind: 'pool', pool: value as unknown as pg.Pool };
  if (isClient(value)) return { kind: 'client', client: value as unknown as pg.Client };
  if (isPglite(value)) return { kind: 'pglite', pglite: value as unknown as PGlite };
  return undefined;
}
