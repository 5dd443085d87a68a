import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import type { LoginLockoutConfig } from '../config/auth-config.js';
import { type AccountLockedEvent, notifyPlugins } from '../mana-hooks.js';
import { createDeviceCookieValue, deviceCookieAttributes, deviceCookieName } from './device-cookie.js';
import type { FailureCount, FailureCounter } from './failure-counter.js';
import {
  type AttemptContext,
  type AttemptPolicy,
  describeAttempt,
  type LockoutAttempt,
} from './lockout-attempt.js';

/** Resolved limits of the per-account lockout. */
export interface LoginLockoutPolicy extends Required<LoginLockoutConfig>, AttemptPolicy {
  counter: FailureCounter;
}

/** Defaults of {@link LoginLockoutConfig}. */
export const LOGIN_LOCKOUT_DEFAULTS: Required<LoginLockoutConfig> = {
  maxFailuresPerAccountAndIp: 10,
  maxFailuresPerAccount: 50,
  maxFailuresPerDevice: 10,
  windowSeconds: 900,
  deviceCookieMaxAgeSeconds: 365 * 24 * 3600,
};

const SIGN_IN_PATH = '/sign-in/email';

/**
 * The limits of `config` over the defaults. An explicitly undefined limit (e.g. from an unset
 * environment variable) keeps its default instead of switching the limit off.
 */
export function resolveLockoutLimits(config: LoginLockoutConfig = {}): Required<LoginLockoutConfig> {
  const limits = { ...LOGIN_LOCKOUT_DEFAULTS };
  for (const name of Object.keys(limits) as (keyof LoginLockoutConfig)[]) {
    const value = config[name];
    if (value !== undefined) limits[name] = value;
  }
  return limits;
}

interface LockContext extends AttemptContext {
  request?: Request | undefined;
  context: AttemptContext['context'] & { options: { plugins?: BetterAuthPlugin[] } };
}

/** Tells observers (e.g. the audit log) about a lock; the user id only when the account exists. */
async function reportLock(
  ctx: LockContext,
  attempt: LockoutAttempt,
  tripped: FailureCount,
  phase: AccountLockedEvent['phase'],
) {
  const user =
    attempt.userId !== null
      ? { user: { id: attempt.userId } }
      : await ctx.context.internalAdapter.findUserByEmail(attempt.email).catch(() => null);
  await notifyPlugins(ctx.context.options.plugins, 'onAccountLocked', {
    request: ctx.request,
    email: attempt.email,
    userId: user?.user.id ?? null,
    ip: attempt.ip,
    failures: tripped.count,
    retryAfterSeconds: tripped.retryAfterSeconds,
    phase,
    scope: attempt.scope,
  });
}

function lockedError(retryAfterSeconds: number): APIError {
  return new APIError(
    'TOO_MANY_REQUESTS',
    {
      code: 'ACCOUNT_TEMPORARILY_LOCKED',
      message: 'Too many failed sign-ins for this account. Try again later or reset your password.',
    },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** The first of `counts` at or past its limit (`exactly`: only one that just reached it). */
function firstTripped(attempt: LockoutAttempt, counts: FailureCount[], exactly: boolean) {
  const index = attempt.limits.findIndex(({ max }, i) =>
    exactly ? counts[i]!.count === max : counts[i]!.count >= max,
  );
  return index === -1 ? null : counts[index]!;
}

/** After a success: the device cookie for the account (a new one, or the same one re-set). */
function issueDeviceCookie(
  ctx: Parameters<Parameters<typeof createAuthMiddleware>[0]>[0],
  attempt: LockoutAttempt,
  userId: string,
  maxAgeSeconds: number,
) {
  const secure = ctx.context.authCookies.sessionToken.attributes.secure === true;
  const keep = attempt.device?.userId === userId ? attempt.device : null;
  const name = keep?.name ?? deviceCookieName(userId, secure);
  const value = keep?.value ?? createDeviceCookieValue(userId, ctx.context.secret);
  ctx.setCookie(name, value, deviceCookieAttributes(secure, maxAgeSeconds));
}

/**
 * Per-account limit on consecutive failed sign-ins, which Better Auth's limiter (keyed on IP +
 * path) lacks, with OWASP's device cookies so it cannot lock out the account's owner. A successful
 * sign-in issues a signed device cookie. A client presenting a valid one for the account is counted
 * on its own (`maxFailuresPerDevice`) and never refused for others' failures. Every other client is
 * an unknown device: `maxFailuresPerAccountAndIp` stops one client guessing one account,
 * `maxFailuresPerAccount` stops a distributed attack. A success resets the counters it was checked
 * against. A locked client gets 429 with `Retry-After`, whether the password is right or not.
 */
export function loginLockoutPlugin(policy: LoginLockoutPolicy): BetterAuthPlugin {
  const { counter, windowSeconds } = policy;
  return {
    id: 'mana-login-lockout',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const attempt = await describeAttempt(ctx, policy);
            if (!attempt) return;
            const counts = await Promise.all(attempt.limits.map(({ key }) => counter.get(key)));
            const tripped = firstTripped(attempt, counts, false);
            if (!tripped) return;
            await reportLock(ctx, attempt, tripped, 'refused');
            throw lockedError(tripped.retryAfterSeconds);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const attempt = await describeAttempt(ctx, policy);
            if (!attempt) return;
            const returned = ctx.context.returned;
            const session = ctx.context.newSession;
            if (session) {
              await counter.reset(attempt.limits.map(({ key }) => key));
              issueDeviceCookie(ctx, attempt, session.user.id, policy.deviceCookieMaxAgeSeconds);
              return;
            }
            if (!isAPIError(returned) || returned.statusCode !== 401) return;
            const counts = await Promise.all(
              attempt.limits.map(({ key }) => counter.increment(key, windowSeconds)),
            );
            const tripped = firstTripped(attempt, counts, true);
            if (tripped) await reportLock(ctx, attempt, tripped, 'locked');
          }),
        },
      ],
    },
  };
}
