import { CLIENT_IP_HEADER, isUnderBasePath } from '@mana/internal';
import type { MiddlewareHandler } from 'hono';
import type { AuthFetchHandler } from '../../settings/auth-settings.js';
import { mountPath } from '../base-path.js';

export { CLIENT_IP_HEADER } from '@mana/internal';

/** Options of {@link manaAuthHono}. */
export interface ManaAuthHonoOptions {
  /** Mount path of the auth API; default the handler's `settings.basePath`, else `/api/v1/auth`. */
  basePath?: string;
  /**
   * Client IP for a request; default: the socket address from `@hono/node-server`
   * (`c.env.incoming`). Return undefined when unknown.
   */
  clientIp?: (env: unknown) => string | undefined;
}

function nodeSocketIp(env: unknown): string | undefined {
  return (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress;
}

/**
 * Hono middleware serving the auth API for paths under the base path; other paths go on to the
 * next handler. Register secure-headers middleware before it so auth responses get the headers too.
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
    const response = await handler(withClientIp(c.req.raw, clientIp(c.env)));
    // Passed on as it is (as Hono's own `app.mount` does): a string body stays a string, which
    // @hono/node-server writes in one go, where a re-wrapped stream body costs a second write
    // and a web stream per response (docs/benchmarks.md). Better Auth and the REST API build
    // every response with `new Response`, so middleware registered before can set headers.
    return response;
  };
}

/**
 * The request with the client-IP header set from the socket address (a value sent by the
 * client is never kept). Headers are set in place when the runtime allows, saving a copy of
 * the request per call; runtimes whose incoming headers are immutable get a copy.
 */
function withClientIp(raw: Request, ip: string | undefined): Request {
  try {
    raw.headers.delete(CLIENT_IP_HEADER);
    if (ip) raw.headers.set(CLIENT_IP_HEADER, ip);
    return raw;
  } catch {
    // Immutable headers (TypeError): fall through to the copy.
  }
  const headers = new Headers(raw.headers);
  headers.delete(CLIENT_IP_HEADER);
  if (ip) headers.set(CLIENT_IP_HEADER, ip);
  const hasBody = raw.method !== 'GET' && raw.method !== 'HEAD';
  return new Request(raw.url, {
    method: raw.method,
    headers,
    ...(hasBody ? { body: raw.body, duplex: 'half' } : {}),
  } as RequestInit);
}
