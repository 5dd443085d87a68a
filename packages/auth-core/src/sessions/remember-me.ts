import type { BetterAuthOptions, BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { REMEMBER_ME_TTL_SECONDS, SESSION_TTL_SECONDS } from '../settings/constants.js';
import { type AbsoluteSessionLifetime, capExpiry, resolveAbsoluteLifetime } from './absolute-lifetime.js';
import { rewriteCookieMaxAge } from './set-cookie.js';

// What the sign-in body asked for, for the session-create hook of the same call. The key is the
// call's own auth context object (`ctx.context`): Better Auth gives one copy to each endpoint call
// and hands that same object to its hooks and to the database hooks the endpoint runs. Public
// hook arguments only; no Better Auth internal module (its request state) is imported.
const rememberMeRequested = new WeakMap<object, boolean>();

function wasRequested(ctx: { context?: object } | null | undefined): boolean {
  // A session created outside an endpoint call (server code): the default 7 days.
  return ctx?.context ? rememberMeRequested.get(ctx.context) === true : false;
}

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);

/**
 * The spec's remember-me policy as a Better Auth plugin: `rememberMe: true` at sign-in gives a
 * 30-day session (`remember_me = true`) and a 30-day cookie; `false` or absent gives 7 days for
 * both. Better Auth's own `rememberMe: false` (a 24-hour session, a browser-session cookie and
 * no sliding refresh) is replaced. Sliding refresh keeps each session within its own limit, and
 * the cookie's `Max-Age` never outlives the session (whose expiry is capped at its deadline).
 */
export function rememberMePlugin(): BetterAuthPlugin {
  return {
    id: 'mana-remember-me',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/sign-in/email',
          handler: createAuthMiddleware(async (ctx) => {
            const body = ctx.body as Record<string, unknown> | undefined;
            rememberMeRequested.set(ctx.context, body?.rememberMe === true);
            if (body && body.rememberMe === false) {
              return { context: { body: { ...body, rememberMe: true } } };
            }
            return undefined;
          }),
        },
      ],
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const session = ctx.context.newSession?.session as
              | { rememberMe?: boolean | null; expiresAt?: Date | string }
              | undefined;
            if (!session) return;
            // Better Auth sets `expiresIn` (7 days) on the cookie; a remember-me session needs 30,
            // and no cookie outlives the session (its expiry is capped at the absolute deadline).
            const ttl = session.rememberMe === true ? REMEMBER_ME_TTL_SECONDS : SESSION_TTL_SECONDS;
            const expiresAt = session.expiresAt ? new Date(session.expiresAt).getTime() : Number.NaN;
            const left = Math.ceil((expiresAt - Date.now()) / 1000);
            const maxAge = Number.isFinite(left) ? Math.max(0, Math.min(ttl, left)) : ttl;
            rewriteCookieMaxAge(ctx, ctx.context.authCookies.sessionToken.name, maxAge);
          }),
        },
      ],
    },
  };
}

/**
 * Database hooks that store the policy: the flag and expiry at creation, and on a sliding
 * refresh the session's own lifetime (Better Auth would use the global `expiresIn`), never past
 * the session's absolute deadline (`createdAt` + `lifetime`).
 */
export function rememberMeDatabaseHooks(
  lifetime: AbsoluteSessionLifetime = resolveAbsoluteLifetime(),
): NonNullable<BetterAuthOptions['databaseHooks']> {
  return {
    session: {
      create: {
        before: async (session, ctx) => {
          const rememberMe = wasRequested(ctx);
          const createdAt = session.createdAt instanceof Date ? session.createdAt : new Date();
          const ttl = rememberMe ? REMEMBER_ME_TTL_SECONDS : SESSION_TTL_SECONDS;
          const expiresAt = capExpiry(inSeconds(ttl), { createdAt, rememberMe }, lifetime);
          return { data: { ...session, createdAt, rememberMe, expiresAt } };
        },
      },
      update: {
        before: async (data, ctx) => {
          if (!(data.expiresAt instanceof Date)) return { data };
          const current = ctx?.context.session?.session as
            | { rememberMe?: boolean | null; createdAt?: Date | string }
            | undefined;
          const ttl = current?.rememberMe === true ? REMEMBER_ME_TTL_SECONDS : SESSION_TTL_SECONDS;
          const expiresAt = current ? capExpiry(inSeconds(ttl), current, lifetime) : inSeconds(ttl);
          return { data: { ...data, expiresAt } };
        },
      },
    },
  };
}
