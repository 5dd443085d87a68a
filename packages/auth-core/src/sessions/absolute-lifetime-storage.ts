import type { BetterAuthOptions, SecondaryStorage } from 'better-auth';
import type { DBAdapter } from 'better-auth/adapters';
import { type AbsoluteSessionLifetime, capExpiry, type SessionStart } from './absolute-lifetime.js';

/** A Better Auth database adapter factory, e.g. `drizzleAdapter(db, config)`. */
export type AdapterFactory = (options: BetterAuthOptions) => DBAdapter<BetterAuthOptions>;

type SessionRow = SessionStart & { expiresAt?: unknown };

/** The row with its `expiresAt` capped at the absolute deadline (rows of other models unchanged). */
function capRow<T>(row: T, lifetime: AbsoluteSessionLifetime): T {
  if (!row || typeof row !== 'object') return row;
  const session = row as SessionRow;
  if (!(session.expiresAt instanceof Date)) return row;
  const capped = capExpiry(session.expiresAt, session, lifetime);
  return capped === session.expiresAt ? row : { ...row, expiresAt: capped };
}

/**
 * Wraps a Better Auth database adapter so every session it reads has its expiry capped at the
 * session's absolute deadline (`createdAt` + lifetime). Better Auth then refuses (and deletes)
 * a session past its deadline by its own expiry check, on every route that reads a session,
 * including sessions slid forward before the deadline existed.
 */
export function withAbsoluteLifetime(
  factory: AdapterFactory,
  lifetime: AbsoluteSessionLifetime,
): AdapterFactory {
  return (options) => {
    const adapter = factory(options);
    const findOne: DBAdapter<BetterAuthOptions>['findOne'] = async <T>(
      data: Parameters<typeof adapter.findOne>[0],
    ) => {
      const row = await adapter.findOne<T>(data);
      return data.model === 'session' ? capRow(row, lifetime) : row;
    };
    const findMany: DBAdapter<BetterAuthOptions>['findMany'] = async <T>(
      data: Parameters<typeof adapter.findMany>[0],
    ) => {
      const rows = await adapter.findMany<T>(data);
      return data.model === 'session' ? rows.map((row) => capRow(row, lifetime)) : rows;
    };
    return { ...adapter, findOne, findMany };
  };
}

/**
 * Wraps secondary storage (Redis) the same way: a stored `{ session, user }` comes back with the
 * session's `expiresAt` capped at its absolute deadline. Other keys are returned unchanged.
 */
export function secondaryStorageWithAbsoluteLifetime(
  storage: SecondaryStorage,
  lifetime: AbsoluteSessionLifetime,
): SecondaryStorage {
  return {
    ...storage,
    get: async (key) => {
      const value = await storage.get(key);
      if (typeof value !== 'string' || !value.startsWith('{"session":')) return value;
      try {
        const parsed = JSON.parse(value) as { session?: SessionRow & { expiresAt?: string } };
        const session = parsed.session;
        if (!session || typeof session.expiresAt !== 'string') return value;
        const capped = capExpiry(new Date(session.expiresAt), session, lifetime);
        return JSON.stringify({ ...parsed, session: { ...session, expiresAt: capped.toISOString() } });
      } catch {
        return value;
      }
    },
  };
}
