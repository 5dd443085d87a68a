import { isUnderBasePath, setRemoteAddress } from '@mana/internal';
import type { MiddlewareHandler } from 'hono';
import type { AuthFetchHandler } from '../../settings/auth-settings.js';
import { mountPath } from '../base-path.js';
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

/**
 * Hono middleware serving the auth API for paths under the base path; other paths go on to the
 * next handler. Register secure-headers middleware before it so auth responses get the headers too.
 * The socket address is the client IP without any configuration (behind a proxy, see
 * `clientIp.trustedProxies`).
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
  return async (c, next) => {
    if (!isUnderBasePath(c.req.path, basePath)) return next();
    const response = await handler(setRemoteAddress(c.req.raw, clientIp(c.env)));
    // Passed on as it is (as Hono's own `app.mount` does): a string body stays a string, which
    // @hono/node-server writes in one go, where a re-wrapped stream body costs a second write
    // and a web stream per response (docs/benchmarks.md). Better Auth and the REST API build
    // every response with `new Response`, so middleware registered before can set headers.
    return response;
  };
}
