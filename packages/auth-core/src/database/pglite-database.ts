import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { AuthTables } from './auth-tables.js';
import { closeCallbacks, queryLogger } from './close-callbacks.js';
import type { AuthDrizzle, ManaDatabase, SqlQuery } from './create-database.js';

/** Where {@link openPglite} finds its database: a data directory, memory, or the caller's instance. */
export type PgliteSource =
  | { readonly kind: 'embedded'; readonly dataDir: string | undefined }
  | { readonly kind: 'pglite'; readonly pglite: PGlite };

/** What {@link openPglite} needs besides the source. */
export interface PgliteSettings {
  readonly schema: string;
  readonly tables: AuthTables;
  readonly onQuery: ((sql: string) => void) | undefined;
}

async function start(source: PgliteSource): Promise<PGlite> {
  if (source.kind === 'pglite') return source.pglite;
  const { PGlite } = await import('@electric-sql/pglite');
  if (!source.dataDir) return new PGlite();
  const absolute = resolve(source.dataDir);
  mkdirSync(absolute, { recursive: true });
  return new PGlite(absolute);
}

/**
 * A {@link ManaDatabase} on PGlite: embedded (its own instance, closed by `close()`) or the
 * caller's instance (never closed by `close()`).
 */
export async function openPglite(source: PgliteSource, settings: PgliteSettings): Promise<ManaDatabase> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = await start(source);
  await client.waitReady;
  const db = drizzle(client, { schema: settings.tables, logger: queryLogger(settings.onQuery) });
  const query: SqlQuery = async (text, params) => {
    settings.onQuery?.(text);
    const res = await client.query(text, params as unknown[] | undefined);
    return res.rows as never[];
  };
  let closed = false;
  const closing = closeCallbacks();
  return {
    kind: 'pglite',
    schema: settings.schema,
    tables: settings.tables,
    onClose: closing.add,
    db: db as unknown as AuthDrizzle,
    query,
    transaction: (fn) =>
      client.transaction((tx) =>
        fn(async (text, params) => {
          settings.onQuery?.(text);
          const res = await tx.query(text, params as unknown[] | undefined);
          return res.rows as never[];
        }),
      ),
    async close() {
      if (closed) return;
      closed = true;
      await closing.run();
      if (source.kind === 'embedded') await client.close();
    },
  };
}
