import { isUnderBasePath, setRemoteAddress } from '@mana/internal';
import type { MiddlewareHandler } from 'hono';
import { cachedSessionAnswerOf } from '../../sessions/fast-session/cached-session-lane.js';
import type { AuthFetchHandler } from '../../settings/auth-settings.js';
import { configuredOrigin, mountPath } from '../base-path.js';
import { nodeSocketIp } from './node-socket-ip.js';

export type { RequireAuthOptions } from '../require-auth-options.js';
export type { ManaAuthVariables } from './require-auth.js';
export { requireAuth } from './require-auth.js';

/** Options of {@link manaAuthHono}. */
export interface ManaAuthHonoOptions {
  /** Mount path of the auth API; default the handler's `settings.basePath`, else `/api/v1/auth`. */
  basePath?: string;
  /**
   * The socket peer's address for a request; default: the socket address from
   * `@hono/node-server` (`c.env.incoming`). On other runtimes pass it from there (Bun:
   * `(env) => env.server.requestIP(...)`, or `getConnInfo`). Return undefined when unknown: the
   * client IP is then unknown and no forwarded header is believed. Never return a header value.
   */
  clientIp?: (env: unknown) => string | undefined;
}

const SLASH = 47; // '/'

/**
 * `request` with the configured origin instead of the one Hono's server built from the `Host`
 * header (in place of a copy only when they differ, so the common case costs nothing). A URL
 * already at the origin is recognised from its text (a request URL is serialised), without
 * parsing it. A GET or HEAD copy carries the method and headers only, as the Node adapter's
 * requests do: asking `@hono/node-server`'s request for its `signal` builds a second, native
 * request and an abort controller per request, the largest single cost of a cached session
 * check behind a proxy (docs/benchmarks.md); Better Auth reads no signal.
 */
function atOrigin(request: Request, origin: string | undefined): Request {
  if (!origin) return request;
  const url = request.url;
  if (url.startsWith(origin) && url.charCodeAt(origin.length) === SLASH) return request;
  const parsed = new URL(url);
  if (parsed.origin === origin) return request;
  const target = `${origin}${parsed.pathname}${parsed.search}`;
  const { method } = request;
  if (method === 'GET' || method === 'HEAD') return new Request(target, { method, headers: request.headers });
  return new Request(target, {
    method,
    headers: request.headers,
    signal: request.signal,
    body: request.body,
    duplex: 'half',
  } as RequestInit);
}

/**
 * Hono middleware serving the auth API for paths under the base path; other paths go on to the
 * next handler. Register secure-headers middleware before it so auth responses get the headers too.
 * The socket address is the client IP without any configuration (behind a proxy, see
 * `clientIp.trustedProxies`). The request URL gets the origin of the handler's
 * `settings.baseURL`, whatever the `Host` header said.
 *
 * @example
 * ```ts
 * const app = new Hono();
 * app.use(secureHeaders());
 * app.use(manaAuthHono(createAuthApi(auth, { database })));
 * ```
 */
export function manaAuthHono(
  handler: AuthFetchHandler,
  options: ManaAuthHonoOptions = {},
): MiddlewareHandler {
  const basePath = mountPath(handler, options.basePath);
  const clientIp = options.clientIp ?? nodeSocketIp;
  const origin = configuredOrigin(handler);
  const cachedSession = cachedSessionAnswerOf(handler);
  return async (c, next) => {
    if (!isUnderBasePath(c.req.path, basePath)) return next();
    // A cached session check (createAuth's handlers) needs neither the origin nor the client IP:
    // answered before the request is copied (docs/benchmarks.md).
    const cached = cachedSession?.(c.req.raw);
    if (cached) return cached;
    const request = atOrigin(c.req.raw, origin);
    const response = await handler(setRemoteAddress(request, clientIp(c.env)));
    // Passed on as it is (as Hono's own `app.mount` does): a string body stays a string, which
    // @hono/node-server writes in one go, where a re-wrapped stream body costs a second write
    // and a web stream per response (docs/benchmarks.md). Better Auth and the REST API build
    // every response with `new Response`, so middleware registered before can set headers.
    return response;
  };
}
