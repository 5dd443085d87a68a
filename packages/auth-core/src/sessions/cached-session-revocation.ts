import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import type { RevocationRegistry } from '../revocation/revocation-registry.js';

/**
 * Makes a revocation visible at once to `/get-session`, cookie cache included, on every
 * instance: before a session check is answered from the encrypted cookie, the session token is
 * looked up in the revocation registry (`auth.revocations`: memory only, no query, no round
 * trip). A revoked session is checked against the database instead, which refuses it.
 */
export function cachedSessionRevocationPlugin(
  revocations: Pick<RevocationRegistry, 'isTokenRevoked'>,
): BetterAuthPlugin {
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
            if (!token || !revocations.isTokenRevoked(token)) return;
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
