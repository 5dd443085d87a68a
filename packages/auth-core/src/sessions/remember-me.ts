import type { BetterAuthOptions, BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { REMEMBER_ME_TTL_SECONDS, SESSION_TTL_SECONDS } from '../settings/constants.js';
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
 * no sliding refresh) is replaced. Sliding refresh keeps each session within its own limit.
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
            const session = ctx.context.newSession?.session as { rememberMe?: boolean | null } | undefined;
            // Better Auth sets `expiresIn` (7 days) on the cookie; a remember-me session needs 30.
            if (session?.rememberMe === true) {
              rewriteCookieMaxAge(ctx, ctx.context.authCookies.sessionToken.name, REMEMBER_ME_TTL_SECONDS);
            }
          }),
        },
      ],
    },
  };
}

/**
 * Database hooks that store the policy: the flag and expiry at creation, and on a sliding
 * refresh the session's own lifetime (Better Auth would use the global `expiresIn`).
 */
export const rememberMeDatabaseHooks: NonNullable<BetterAuthOptions['databaseHooks']> = {
  session: {
    create: {
      before: async (session, ctx) => {
        const remember = wasRequested(ctx);
        return {
          data: {
            ...session,
            rememberMe: remember,
            expiresAt: inSeconds(remember ? REMEMBER_ME_TTL_SECONDS : SESSION_TTL_SECONDS),
          },
        };
      },
    },
    update: {
      before: async (data, ctx) => {
        if (!(data.expiresAt instanceof Date)) return { data };
        const current = ctx?.context.session?.session as { rememberMe?: boolean | null } | undefined;
        const ttl = current?.rememberMe === true ? REMEMBER_ME_TTL_SECONDS : SESSION_TTL_SECONDS;
        return { data: { ...data, expiresAt: inSeconds(ttl) } };
      },
    },
  },
};
