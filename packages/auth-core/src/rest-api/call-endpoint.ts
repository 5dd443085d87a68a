import { type APIError, type DispatchContext, dispatchAuthEndpoint, isAPIError } from 'better-auth/api';
import { authLogOf } from '../logging/auth-log.js';
import { apiError, isApiErrorBody, translateFailure } from './api-error.js';

/** A Better Auth endpoint, as `dispatchAuthEndpoint` takes it. */
export type AuthEndpointLike = Parameters<typeof dispatchAuthEndpoint>[0];

/** The parts of a REST endpoint's context an inner call reads. */
export interface OuterContext {
  context: DispatchContext['context'];
  headers?: Headers | undefined;
  request?: Request | undefined;
}

/** What one inner call sends: a body and the request headers (default: the caller's). */
export interface InnerCall {
  body?: Record<string, unknown>;
  headers?: Headers;
}

/** What one inner call answered, with the headers it set (Set-Cookie). */
export interface InnerResult<T> {
  response: T;
  headers: Headers;
}

// Where better-call keeps the headers an endpoint set before it threw (e.g. expired cookies).
const API_ERROR_HEADERS = Symbol.for('better-call:api-error-headers');
// Headers of the outer request that describe its body, not the inner call.
const BODY_HEADERS = ['content-length', 'content-type', 'transfer-encoding', 'connection', 'expect'];

/** The caller's request headers, minus those that describe the outer body. */
export function callerHeaders(ctx: OuterContext): Headers {
  const headers = new Headers(ctx.headers ?? ctx.request?.headers);
  for (const name of BODY_HEADERS) headers.delete(name);
  return headers;
}

/**
 * The request the inner endpoint's hooks see: same origin, the inner route's path and method,
 * and exactly the headers of the call, so plugins that read `ctx.request` (lockout, audit log,
 * CSRF checks) and those that read `ctx.headers` agree. It carries no body and is never routed.
 */
function innerRequest(ctx: OuterContext, endpoint: AuthEndpointLike, headers: Headers): Request | undefined {
  if (!ctx.request) return undefined;
  const method = [endpoint.options?.method].flat()[0] ?? 'GET';
  const path = `${new URL(ctx.context.baseURL).pathname.replace(/\/$/, '')}${endpoint.path ?? ''}`;
  return new Request(new URL(path, ctx.request.url), { method: method === '*' ? 'GET' : method, headers });
}

/**
 * A Better Auth failure as the REST API's error (Retry-After and Set-Cookie kept); a server fault
 * is logged as `internal_error` with the inner route and the error (redacted), never the body.
 */
function asApiError(error: APIError, ctx: OuterContext, endpoint: AuthEndpointLike): APIError {
  if (isApiErrorBody(error.body)) return error;
  const translated = translateFailure(error.statusCode, error.body ?? {});
  const headers = new Headers();
  const carried = [
    (error as unknown as Record<symbol, HeadersInit | undefined>)[API_ERROR_HEADERS],
    error.headers,
  ];
  for (const source of carried) {
    if (!source) continue;
    new Headers(source).forEach((value, name) => {
      if (name === 'set-cookie') headers.append(name, value);
      else if (name === 'retry-after') headers.set(name, value);
    });
  }
  if (translated.status >= 500) {
    authLogOf(ctx.context.options.plugins).error(
      'internal_error',
      `internal error in ${endpoint.path ?? 'an endpoint'}`,
      {
        path: endpoint.path,
        status: error.statusCode,
        error,
      },
    );
  }
  return apiError(translated.status, translated.code, translated.message, { headers });
}

/**
 * Runs one of Better Auth's endpoints in-process, through its hook pipeline
 * (`dispatchAuthEndpoint`), so every plugin hook (lockout, remember-me, audit log) runs exactly as
 * for a direct call, with no HTTP round trip. A failure is thrown as the REST API's error.
 */
export async function callEndpoint<T>(
  ctx: OuterContext,
  endpoint: AuthEndpointLike,
  call: InnerCall = {},
): Promise<InnerResult<T>> {
  const headers = call.headers ?? callerHeaders(ctx);
  try {
    const result = (await dispatchAuthEndpoint(endpoint, {
      ...(call.body ? { body: call.body } : {}),
      headers,
      request: innerRequest(ctx, endpoint, headers),
      context: ctx.context,
      asResponse: false,
      returnHeaders: true,
    })) as { response: T; headers: Headers | null };
    return { response: result.response, headers: result.headers ?? new Headers() };
  } catch (error) {
    if (isAPIError(error)) throw asApiError(error, ctx, endpoint);
    // A thrown non-HTTP error (a plugin's bug) is logged here, redacted, and answered as a 500:
    // left to better-call's router it would be printed unredacted on stderr.
    authLogOf(ctx.context.options.plugins).error(
      'internal_error',
      `internal error in ${endpoint.path ?? 'an endpoint'}`,
      {
        path: endpoint.path,
        error,
      },
    );
    throw apiError(500, 'INTERNAL_ERROR', 'Internal error.');
  }
}

/** Appends the Set-Cookie lines of an inner call to the REST endpoint's own response. */
export function forwardCookies(target: { responseHeaders?: Headers | undefined }, from: Headers): void {
  for (const cookie of from.getSetCookie()) target.responseHeaders?.append('set-cookie', cookie);
}
