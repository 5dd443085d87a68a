import { errorResponse } from '../rest-api/api-error.js';
import { requestPathname } from '../rest-api/request-path.js';
import { matchRoutes } from '../rest-api/routes.js';
import type { RouteAllowList } from './better-auth-routes.js';
import { withoutSessionTokens } from './session-token-stripping.js';

type FetchHandler = (request: Request) => Promise<Response>;

/** The path below `basePath` as Better Auth's router matches it (one trailing slash ignored). */
function routePath(request: Request, basePath: string): string | undefined {
  const pathname = requestPathname(request.url);
  if (!pathname.startsWith(`${basePath}/`)) return undefined;
  const path = pathname.slice(basePath.length);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * Lets through the REST API's routes and the Better Auth routes `allowed` names, and answers
 * every other path below `basePath` with 404 JSON before Better Auth's router sees it
 * (docs/configuration.md, `betterAuthRoutes`). Paths outside `basePath` pass untouched.
 */
export function withRouteAllowList(
  handle: FetchHandler,
  basePath: string,
  allowed: RouteAllowList,
): FetchHandler {
  return (request) => {
    const path = routePath(request, basePath);
    if (path === undefined || matchRoutes(path).length > 0 || allowed(path)) return handle(request);
    return Promise.resolve(errorResponse(404, 'NOT_FOUND', `No route ${request.method} ${path}.`));
  };
}

// Every exposed Better Auth answer except the public key set is private to its caller.
const PUBLIC_ROUTES = new Set(['/jwks']);

/**
 * For Better Auth's own routes below `basePath` (not the REST API's, which never show a token):
 * takes the session token out of every JSON answer that carries one (see
 * `session-token-stripping.ts`) and marks the answer `Cache-Control: no-store` with
 * `Pragma: no-cache`, since it carries identity or tokens (`/get-session`, `/token`).
 */
export function withoutTokensInBodies(handle: FetchHandler, basePath: string): FetchHandler {
  return async (request) => {
    const response = await handle(request);
    const path = routePath(request, basePath);
    if (path === undefined || PUBLIC_ROUTES.has(path) || matchRoutes(path).length > 0) return response;
    const headers = new Headers(response.headers);
    headers.set('cache-control', 'no-store');
    headers.set('pragma', 'no-cache');
    const init = { status: response.status, statusText: response.statusText, headers };
    if (!response.body || !(headers.get('content-type') ?? '').includes('json')) {
      return new Response(response.body, init);
    }
    const text = await response.text();
    let stripped: unknown;
    try {
      stripped = withoutSessionTokens(JSON.parse(text));
    } catch {
      stripped = undefined; // not JSON after all: passed on as it came
    }
    if (stripped === undefined) return new Response(text, init);
    headers.delete('content-length');
    return new Response(JSON.stringify(stripped), init);
  };
}
