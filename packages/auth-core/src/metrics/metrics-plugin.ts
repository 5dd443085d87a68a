import type { ManaHooks, ManaHooksCarrier } from '@mana/internal';
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';
import type { AuthMetrics } from './auth-metrics.js';

const PLUGIN_ID = 'mana-metrics';

// The metrics of each plugin (its type stays BetterAuthPlugin: createAuthOptions' inferred type).
const metricsOfPlugin = new WeakMap<BetterAuthPlugin, AuthMetrics>();

type AfterContext = {
  path?: string;
  context: { returned?: unknown; newSession?: unknown };
};

const SIGN_IN = '/sign-in/';
const SIGN_UP = '/sign-up/';
const isSignIn = (path: string) => path.startsWith(SIGN_IN);

/** Counts the outcome of a sign-in, sign-up or `/token` call from what the route returned. */
function countOutcome(metrics: AuthMetrics, ctx: AfterContext): void {
  const path = ctx.path ?? '';
  const { returned, newSession } = ctx.context;
  const failed = isAPIError(returned);
  if (isSignIn(path)) {
    // A lockout refusal (429) is counted by onAccountLocked; a second-factor challenge is no decision yet.
    const challenged = (returned as { twoFactorRedirect?: unknown } | undefined)?.twoFactorRedirect === true;
    if (failed && returned.statusCode !== 429) metrics.signIn('failure');
    else if (newSession && !challenged) metrics.signIn('success');
  } else if (path.startsWith(SIGN_UP)) {
    // Without auto sign-in a taken email is answered like a success (no account enumeration),
    // and counted as one: telling them apart would cost a query.
    metrics.signUp(failed ? 'failure' : 'success');
  } else if (!failed && typeof (returned as { token?: unknown } | undefined)?.token === 'string') {
    metrics.tokenMinted();
  }
}

/**
 * The Better Auth plugin behind `createAuth()`'s metrics: an after hook on sign-in, sign-up and
 * `/token` (REST `/login` and `/refresh` mint through it), a session-delete database hook
 * (revocations), and the `manaHooks` auth-core calls outside Better Auth's pipeline (limiter
 * refusals, lockouts, refused Bearer tokens). It matches
 * no session-check route, so the fast session path stays on.
 */
export function metricsPlugin(metrics: AuthMetrics): BetterAuthPlugin {
  const manaHooks: ManaHooks = {
    onRateLimited(event) {
      metrics.rateLimited(event.path);
      if (isSignIn(event.path)) metrics.signIn('limited');
    },
    onAccountLocked(event) {
      if (event.phase === 'locked') metrics.locked(event.scope);
      else metrics.signIn('locked');
    },
    onAccessTokenRefused: (event) => metrics.tokenVerified(event.reason),
  };
  const plugin: BetterAuthPlugin & ManaHooksCarrier = {
    id: PLUGIN_ID,
    manaHooks,
    // Every deleted session is a revoked one (sign-out, revoke, password change, expiry on read),
    // as the revocation registry counts them.
    init: () => ({
      options: { databaseHooks: { session: { delete: { after: async () => metrics.sessionsRevoked(1) } } } },
    }),
    hooks: {
      after: [
        {
          matcher: (ctx) => {
            const path = ctx.path ?? '';
            return isSignIn(path) || path.startsWith(SIGN_UP) || path === '/token';
          },
          handler: createAuthMiddleware(async (ctx) => countOutcome(metrics, ctx as AfterContext)),
        },
      ],
    },
  };
  metricsOfPlugin.set(plugin, metrics);
  return plugin;
}

/** The metrics of the instance whose plugins these are (`createAuth` always adds the plugin). */
export function authMetricsOf(plugins: readonly BetterAuthPlugin[] | undefined): AuthMetrics | undefined {
  const plugin = plugins?.find((candidate) => candidate.id === PLUGIN_ID);
  return plugin ? metricsOfPlugin.get(plugin) : undefined;
}
