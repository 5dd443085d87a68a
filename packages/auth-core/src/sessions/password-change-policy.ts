import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';

/** Options of {@link passwordChangePolicyPlugin}: the `passwordChange` option of `createAuth`. */
export interface PasswordChangePolicy {
  /**
   * Keep the user's other sessions alive when the password changes and the request does not say
   * (`revokeOtherSessions` absent). Default `false`: a change ends every other session, so a
   * stolen session does not survive the victim changing the password.
   */
  keepOtherSessions?: boolean;
}

/**
 * Makes a password change (`/change-password`, and `POST /password/change` of the REST API,
 * which calls it) end every other session unless the request sets `revokeOtherSessions: false`
 * or the policy keeps them. Better Auth keeps them by default.
 */
export function passwordChangePolicyPlugin(policy: PasswordChangePolicy = {}): BetterAuthPlugin {
  const revokeOtherSessions = policy.keepOtherSessions !== true;
  return {
    id: 'mana-password-change-policy',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/change-password',
          handler: createAuthMiddleware(async (ctx) => {
            const body = ctx.body as Record<string, unknown> | undefined;
            if (!body || typeof body !== 'object' || body.revokeOtherSessions !== undefined) return;
            return { context: { body: { ...body, revokeOtherSessions } } };
          }),
        },
      ],
    },
  };
}
