import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';

/**
 * Makes `/token` check the session in the database (or Redis) instead of the cookie cache, so
 * cookies of a session that was signed out, revoked or ended by a password change can no
 * longer mint access tokens. Better Auth would otherwise accept the cached copy for up to the
 * cache age. Session checks elsewhere keep using the cache.
 */
export function tokenRevocationPlugin(): BetterAuthPlugin {
  return {
    id: 'mana-token-revocation',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/token',
          handler: createAuthMiddleware(async (ctx) => ({
            context: {
              query: { ...(ctx.query as Record<string, unknown> | undefined), disableCookieCache: true },
            },
          })),
        },
      ],
    },
  };
}
