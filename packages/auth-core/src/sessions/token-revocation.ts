import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';

/**
 * Makes `/token` (and `/refresh`, which calls it) read the session from the session store
 * (PostgreSQL, or Redis when configured) instead of the cookie cache: minting is the one session
 * check that is always authoritative. The revocation registry already makes a revoked session's
 * cookies look missing on every route, `/token` included; this covers what the registry cannot
 * know: a revocation on another instance while this one's listening connection is down and has
 * not caught up yet, and a session removed from the store outside Better Auth (SQL, a cleanup
 * job). It also puts the user's current email, name and verification state in the token rather
 * than the cached copy. It costs one store read per minted token (a rate-limited route); every
 * other session check keeps using the cache.
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
