import { changeEmail, updateUser } from './account-change-flows.js';
import { type Flow, failure } from './flow-kit.js';
import { bodyField, flowState, type HookContext } from './hook-context.js';
import { refusalFlowFor, tokenRefreshFailure } from './refusal-flows.js';
import { sessionRef } from './session-ref.js';

export type { FlowTools } from './flow-kit.js';

const methodOf = (path: string | undefined) =>
  (path ?? '').replace(/^\/(sign-in|sign-up)\//, '').replace(/^\//, '');

const signIn: Flow = (ctx, tools) => {
  const { ipAddress, userAgent, extra } = tools.client(ctx, true);
  const method = methodOf(ctx.path);
  const session = ctx.context.newSession;
  // The two-factor plugin replaces the new session by a second-factor challenge: no decision yet.
  const challenged =
    (ctx.context.returned as { twoFactorRedirect?: unknown } | undefined)?.twoFactorRedirect === true;
  if (session && !challenged) {
    tools.emit({
      eventType: 'login_success',
      userId: session.user.id,
      ipAddress,
      userAgent,
      metadata: { method, sessionRef: sessionRef(session.session.token), ...extra },
    });
    return;
  }
  const failed = failure(ctx);
  if (!failed) return; // e.g. a redirect to a social provider: no decision yet
  tools.emit({
    eventType: 'login_failure',
    ipAddress,
    userAgent,
    metadata: { ...failed, method, email: tools.email(bodyField(ctx, 'email')), ...extra },
  });
};

const signUp: Flow = async (ctx, tools) => {
  const { ipAddress, userAgent, extra } = tools.client(ctx, true);
  const base = { ipAddress, userAgent };
  const method = methodOf(ctx.path);
  const email = tools.email(bodyField(ctx, 'email'));
  const failed = failure(ctx);
  if (failed) {
    tools.emit({ eventType: 'signup_failure', ...base, metadata: { ...failed, method, email, ...extra } });
    return;
  }
  const session = ctx.context.newSession;
  if (session) {
    const metadata = { method, autoSignIn: true, sessionRef: sessionRef(session.session.token), ...extra };
    tools.emit({ eventType: 'signup', userId: session.user.id, ...base, metadata });
    return;
  }
  // Without auto sign-in Better Auth answers a taken email with a made-up user, so the answer
  // does not reveal that the account exists; only the database can tell the two apart.
  const userId = (ctx.context.returned as { user?: { id?: unknown } } | undefined)?.user?.id;
  const exists =
    typeof userId === 'string' && (await ctx.context.internalAdapter.findUserById(userId)) !== null;
  if (exists)
    tools.emit({ eventType: 'signup', userId, ...base, metadata: { method, autoSignIn: false, ...extra } });
  else
    tools.emit({
      eventType: 'signup_failure',
      ...base,
      metadata: { reason: 'email_taken', status: 200, method, email, ...extra },
    });
};

const signOut: Flow = (ctx, tools) => {
  const ending = flowState(ctx).endingSession;
  if (!ending || failure(ctx)) return;
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const metadata = { sessionRef: sessionRef(ending.session.token) };
  tools.emit({ eventType: 'logout', userId: ending.user.id, ipAddress, userAgent, metadata });
};

const changePassword: Flow = (ctx, tools) => {
  const session = ctx.context.session;
  if (!session) return; // not signed in: refused before any password was checked
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const base = { userId: session.user.id, ipAddress, userAgent };
  const failed = failure(ctx);
  if (failed) {
    tools.emit({ eventType: 'password_change_failure', ...base, metadata: failed });
    return;
  }
  const revokedOthers = bodyField(ctx, 'revokeOtherSessions') === true;
  const ref = sessionRef(session.session.token);
  tools.emit({
    eventType: 'password_change',
    ...base,
    metadata: { sessionRef: ref, revokedOtherSessions: revokedOthers },
  });
  if (revokedOthers) {
    tools.emit({
      eventType: 'sessions_revoked_all',
      ...base,
      metadata: { scope: 'others', cause: 'password_change' },
    });
  }
};

const resetRequested: Flow = (ctx, tools) => {
  if (failure(ctx)) return;
  const { ipAddress, userAgent } = tools.client(ctx, false);
  // Same row whether or not the email has an account: no user id, no lookup.
  tools.emit({
    eventType: 'password_reset_requested',
    ipAddress,
    userAgent,
    metadata: { email: tools.email(bodyField(ctx, 'email')) },
  });
};

const resetPassword: Flow = (ctx, tools) => {
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const failed = failure(ctx);
  if (failed) {
    tools.emit({ eventType: 'password_reset_failure', ipAddress, userAgent, metadata: failed });
    return;
  }
  const userId = flowState(ctx).resetUserId;
  if (!userId) return;
  const sessionsRevoked = ctx.context.options.emailAndPassword?.revokeSessionsOnPasswordReset === true;
  tools.emit({
    eventType: 'password_reset_completed',
    userId,
    ipAddress,
    userAgent,
    metadata: { sessionsRevoked },
  });
};

const revokeSession: Flow = (ctx, tools) => {
  const session = ctx.context.session;
  const token = bodyField(ctx, 'token');
  // Better Auth answers success even for a token that is not the caller's; only log a real revocation.
  if (
    !session ||
    failure(ctx) ||
    typeof token !== 'string' ||
    flowState(ctx).revokedOwner !== session.user.id
  )
    return;
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const metadata = { sessionRef: sessionRef(token), current: token === session.session.token };
  tools.emit({ eventType: 'session_revoked', userId: session.user.id, ipAddress, userAgent, metadata });
};

const revokeAll =
  (scope: 'all' | 'others'): Flow =>
  (ctx, tools) => {
    const session = ctx.context.session;
    if (!session || failure(ctx)) return;
    const { ipAddress, userAgent } = tools.client(ctx, false);
    tools.emit({
      eventType: 'sessions_revoked_all',
      userId: session.user.id,
      ipAddress,
      userAgent,
      metadata: { scope },
    });
  };

const tokenMinted: Flow = (ctx, tools) => {
  if (failure(ctx)) return tokenRefreshFailure(ctx, tools);
  const session = ctx.context.session;
  if (!session) return;
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const metadata = { sessionRef: sessionRef(session.session.token) };
  tools.emit({ eventType: 'token_refresh', userId: session.user.id, ipAddress, userAgent, metadata });
};

/**
 * The after-hook flow of each Better Auth route that makes an auth decision.
 *
 * @example
 * ```ts
 * await AFTER_FLOWS['/sign-out']?.(ctx, tools);
 * ```
 */
export const AFTER_FLOWS: Readonly<Record<string, Flow>> = {
  '/sign-in/email': signIn,
  '/sign-up/email': signUp,
  '/sign-out': signOut,
  '/change-password': changePassword,
  '/request-password-reset': resetRequested,
  '/forget-password': resetRequested,
  '/reset-password': resetPassword,
  '/revoke-session': revokeSession,
  '/revoke-sessions': revokeAll('all'),
  '/revoke-other-sessions': revokeAll('others'),
  '/token': tokenMinted,
  '/update-user': updateUser,
  '/change-email': changeEmail,
};

/**
 * Routes of Better Auth and its plugins that end a sign-in by creating a session (OAuth
 * callbacks, magic links, second factors, ...). Other routes that set a session cookie (session
 * refresh, profile updates) are not sign-ins.
 *
 * @example
 * ```ts
 * securityEvents(service, { signInPaths: [...SIGN_IN_PREFIXES, '/sso/callback'] });
 * ```
 */
export const SIGN_IN_PREFIXES: readonly string[] = [
  '/sign-in/',
  '/callback/',
  '/oauth2/callback/',
  '/magic-link/verify',
  '/two-factor/verify-',
  '/email-otp/verify-email',
  '/verify-email',
  '/one-tap/callback',
  '/siwe/verify',
  '/phone-number/verify',
  '/passkey/verify-authentication',
  '/one-time-token/verify',
];

/**
 * The flow for a route: a refusal before the route decided anything (Origin / CSRF check, REST
 * body validation), a known route, or a sign-in by any other method (`/sign-in/*`, or a route
 * in `signInPrefixes` that ended in a new session).
 *
 * @example
 * ```ts
 * const flow = flowFor(ctx, SIGN_IN_PREFIXES);
 * if (flow) await flow(ctx, tools);
 * ```
 */
export function flowFor(ctx: HookContext, signInPrefixes: readonly string[]): Flow | undefined {
  const path = ctx.path ?? '';
  const refusal = refusalFlowFor(ctx);
  if (refusal) return refusal;
  const known = AFTER_FLOWS[path];
  if (known) return known;
  if (path.startsWith('/sign-up/')) return signUp;
  if (path.startsWith('/sign-in/')) return signIn;
  if (ctx.context.newSession && signInPrefixes.some((prefix) => path.startsWith(prefix))) return signIn;
  return undefined;
}
