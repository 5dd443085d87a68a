import type { BetterAuthPlugin, SecondaryStorage } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';

/**
 * With Redis, makes a revocation visible at once to every instance, cookie cache included:
 * before a session check is answered from the encrypted cookie, the session token is looked up
 * in Redis (one GET, still no database query). A session that is gone there (signed out, revoked,
 * ended by a password change, on any instance) is checked against the database instead, which
 * refuses it. Without Redis the cookie cache is trusted for its age (5 minutes by default).
 */
export function cachedSessionRevocationPlugin(storage: SecondaryStorage): BetterAuthPlugin {
  return {
    id: 'mana-cached-session-revocation',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/get-session',
          handler: createAuthMiddleware(async (ctx) => {
            const token = await ctx.getSignedCookie(
              ctx.context.authCookies.sessionToken.name,
              ctx.context.secret,
            );
            if (!token || (await storage.get(token))) return;
            return {
              context: {
                query: { ...(ctx.query as Record<string, unknown> | undefined), disableCookieCache: true },
              },
            };
          }),
        },
      ],
    },
  };
}
