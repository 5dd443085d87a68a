import { createHmac } from 'node:crypto';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware, getIP, isAPIError } from 'better-auth/api';
import type { LoginLockoutConfig } from '../config/auth-config.js';
import { type AccountLockedEvent, notifyPlugins } from '../mana-hooks.js';
import type { FailureCount, FailureCounter } from './failure-counter.js';

/** Resolved limits of the per-account lockout. */
export interface LoginLockoutPolicy extends Required<LoginLockoutConfig> {
  counter: FailureCounter;
  /** Keys are HMACs of email (+ IP) with this secret, so the table holds no addresses. */
  secret: string;
}

/** Defaults of {@link LoginLockoutConfig}. */
export const LOGIN_LOCKOUT_DEFAULTS: Required<LoginLockoutConfig> = {
  maxFailuresPerAccountAndIp: 10,
  maxFailuresPerAccount: 50,
  windowSeconds: 900,
};

const SIGN_IN_PATH = '/sign-in/email';

interface Attempt {
  email: string;
  ip: string | null;
  keys: { accountAndIp: string; account: string };
}

function describeAttempt(
  ctx: { body?: unknown; request?: Request; headers?: Headers; context: { options: object } },
  secret: string,
): Attempt | null {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string' || email.length === 0) return null;
  const normalised = email.trim().toLowerCase();
  const source = ctx.request ?? ctx.headers;
  const ip = source ? getIP(source, ctx.context.options as Parameters<typeof getIP>[1]) : null;
  const hash = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');
  return {
    email: normalised,
    ip,
    keys: { accountAndIp: hash(`ip|${normalised}|${ip ?? '-'}`), account: hash(`account|${normalised}`) },
  };
}

interface LockContext {
  request?: Request;
  context: {
    options: { plugins?: BetterAuthPlugin[] };
    internalAdapter: { findUserByEmail(email: string): Promise<{ user: { id: string } } | null> };
  };
}

/** Tells observers (e.g. the audit log) about a lock; the user id only when the account exists. */
async function reportLock(
  ctx: LockContext,
  attempt: Attempt,
  tripped: FailureCount,
  phase: AccountLockedEvent['phase'],
) {
  const user = await ctx.context.internalAdapter.findUserByEmail(attempt.email).catch(() => null);
  await notifyPlugins(ctx.context.options.plugins, 'onAccountLocked', {
    request: ctx.request,
    email: attempt.email,
    userId: user?.user.id ?? null,
    ip: attempt.ip,
    failures: tripped.count,
    retryAfterSeconds: tripped.retryAfterSeconds,
    phase,
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

/**
 * Per-account limit on consecutive failed sign-ins, which Better Auth's limiter (keyed on IP +
 * path) lacks: `maxFailuresPerAccountAndIp` stops one client guessing one account,
 * `maxFailuresPerAccount` stops a distributed attack on one account. A success resets both.
 * A locked account gets 429 with `Retry-After`, whether the password is right or not.
 */
export function loginLockoutPlugin(policy: LoginLockoutPolicy): BetterAuthPlugin {
  const { counter, secret, windowSeconds } = policy;
  return {
    id: 'mana-login-lockout',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const attempt = describeAttempt(ctx, secret);
            if (!attempt) return;
            const [byIp, byAccount] = await Promise.all([
              counter.get(attempt.keys.accountAndIp),
              counter.get(attempt.keys.account),
            ]);
            const tripped =
              byIp.count >= policy.maxFailuresPerAccountAndIp
                ? byIp
                : byAccount.count >= policy.maxFailuresPerAccount
                  ? byAccount
                  : null;
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
            const attempt = describeAttempt(ctx, secret);
            if (!attempt) return;
            const returned = ctx.context.returned;
            if (ctx.context.newSession) {
              await counter.reset([attempt.keys.accountAndIp, attempt.keys.account]);
              return;
            }
            if (!isAPIError(returned) || returned.statusCode !== 401) return;
            const [byIp, byAccount] = await Promise.all([
              counter.increment(attempt.keys.accountAndIp, windowSeconds),
              counter.increment(attempt.keys.account, windowSeconds),
            ]);
            const tripped =
              byIp.count === policy.maxFailuresPerAccountAndIp
                ? byIp
                : byAccount.count === policy.maxFailuresPerAccount
                  ? byAccount
                  : null;
            if (tripped) await reportLock(ctx, attempt, tripped, 'locked');
          }),
        },
      ],
    },
  };
}
