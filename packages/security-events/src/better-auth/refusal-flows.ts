import { type Flow, failure } from './flow-kit.js';
import type { HookContext } from './hook-context.js';
import { markOriginRefusalLogged } from './reported-origin-refusals.js';

/** Better Auth's Origin / CSRF refusals, as `failureReason` spells them. */
const CSRF_REASONS: ReadonlySet<string> = new Set([
  'invalid_origin',
  'missing_or_null_origin',
  'cross_site_navigation_login_blocked',
  'invalid_callback_url',
  'invalid_redirect_url',
  'invalid_error_callback_url',
  'invalid_new_user_callback_url',
]);

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;
const MAX_FIELDS = 20;

/** The scheme, host and port of `Origin` (else `Referer`), never a path or query. */
function originOf(ctx: HookContext): string | null {
  const headers = ctx.request?.headers ?? ctx.headers;
  const value = headers?.get('origin') ?? headers?.get('referer');
  if (!value) return null;
  if (value === 'null') return 'null';
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** An Origin / CSRF check inside a route refused the request: `csrf_refused`, not the route's failure. */
const csrfRefused: Flow = (ctx, tools) => {
  const failed = failure(ctx);
  if (!failed) return;
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const method = ctx.request?.method;
  const metadata = {
    reason: failed.reason,
    status: failed.status,
    path: ctx.path,
    method,
    origin: originOf(ctx),
  };
  tools.emit({ eventType: 'csrf_refused', ipAddress, userAgent, metadata });
  markOriginRefusalLogged(ctx.request);
};

/** The REST API's `VALIDATION_FAILED` (auth-core's facade): which fields, never their values. */
function validationFields(ctx: HookContext): string[] | null {
  const body = (ctx.context.returned as { body?: unknown } | undefined)?.body as
    | { error?: { code?: unknown; details?: unknown } }
    | undefined;
  if (body?.error?.code !== 'VALIDATION_FAILED') return null;
  const details = Array.isArray(body.error.details) ? (body.error.details as Array<{ path?: unknown }>) : [];
  const paths = details.map((d) =>
    typeof d.path === 'string' && FIELD_NAME.test(d.path) ? d.path : '(body)',
  );
  return [...new Set(paths)].slice(0, MAX_FIELDS);
}

const requestInvalid: Flow = (ctx, tools) => {
  const fields = validationFields(ctx);
  const failed = failure(ctx);
  if (!fields || !failed) return;
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const metadata = {
    reason: 'validation_failed',
    status: failed.status,
    path: ctx.path,
    method: ctx.request?.method,
    fields,
  };
  tools.emit({ eventType: 'request_invalid', ipAddress, userAgent, metadata });
};

/**
 * The flow of a request refused before its route decided anything: an Origin / CSRF check, or
 * the REST API's body validation; undefined otherwise.
 *
 * @example
 * ```ts
 * const flow = refusalFlowFor(ctx) ?? AFTER_FLOWS[ctx.path];
 * ```
 */
export function refusalFlowFor(ctx: HookContext): Flow | undefined {
  const failed = failure(ctx);
  if (!failed) return undefined;
  if (CSRF_REASONS.has(failed.reason)) return csrfRefused;
  return validationFields(ctx) ? requestInvalid : undefined;
}

/**
 * `/token` (and the REST `/refresh`, which calls it) refused: `token_refresh_failure` with
 * `reason` `no_session` (no session cookie sent), `invalid_session` (a session cookie that is
 * expired, revoked or forged) or the route's own failure reason.
 *
 * @example
 * ```ts
 * if (failure(ctx)) return tokenRefreshFailure(ctx, tools);
 * ```
 */
export const tokenRefreshFailure: Flow = (ctx, tools) => {
  const failed = failure(ctx);
  if (!failed) return;
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const cookies = (ctx.headers ?? ctx.request?.headers)?.get('cookie') ?? '';
  const sentSession = cookies.includes(`${ctx.context.authCookies.sessionToken.name}=`);
  const reason = failed.status !== 401 ? failed.reason : sentSession ? 'invalid_session' : 'no_session';
  tools.emit({ eventType: 'token_refresh_failure', ipAddress, userAgent, metadata: { ...failed, reason } });
};
