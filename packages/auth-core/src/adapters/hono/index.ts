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
    const raw = c.req.raw;
    const headers = new Headers(raw.headers);
    headers.delete(CLIENT_IP_HEADER);
    const ip = clientIp(c.env);
    if (ip) headers.set(CLIENT_IP_HEADER, ip);
    const hasBody = raw.method !== 'GET' && raw.method !== 'HEAD';
    const request = new Request(raw.url, {
      method: raw.method,
      headers,
      ...(hasBody ? { body: raw.body, duplex: 'half' } : {}),
    } as RequestInit);
    const response = await handler(request);
    // A fresh Response, so middleware registered before this one can still set headers.
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers(response.headers),
    });
  };
}
