import { errorResponse, isApiErrorBody, JSON_HEADERS, translateFailure } from './api-error.js';
import { MAX_BODY_BYTES, readJsonBytes } from './request-body.js';
import { requestPathname } from './request-path.js';
import { matchRoutes, type RestRoute } from './routes.js';

type FetchHandler = (request: Request) => Promise<Response>;

// Headers of the original request that described a body we have read and pass on as bytes.
const BODY_HEADERS = ['content-length', 'transfer-encoding'];

function methodNotAllowed(routes: readonly RestRoute[], path: string): Response {
  const allow = [...new Set(routes.flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method])))];
  return errorResponse(405, 'METHOD_NOT_ALLOWED', `Use ${allow.join(' or ')} for ${path}.`, {
    headers: { allow: allow.join(', ') },
  });
}

/**
 * The request Better Auth gets: HEAD answered as GET; a JSON body checked and passed as bytes;
 * any body sent to a route that takes none dropped (as an empty stream from a Node adapter
 * without a content type would otherwise be refused as an unsupported media type).
 */
async function prepare(
  request: Request,
  route: RestRoute,
  maxBodyBytes: number,
): Promise<Request | Response> {
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  if (!route.body) {
    if (!request.body && method === request.method) return request;
    const headers = new Headers(request.headers);
    for (const name of [...BODY_HEADERS, 'content-type']) headers.delete(name);
    await request.body?.cancel();
    return new Request(request.url, { method, headers });
  }
  const bytes = await readJsonBytes(request, maxBodyBytes);
  if (bytes instanceof Response) return bytes;
  const headers = new Headers(request.headers);
  for (const name of BODY_HEADERS) headers.delete(name);
  return new Request(request.url, { method, headers, body: bytes as BodyInit });
}

/**
 * Puts an answer for a REST route into the REST API's terms: never cached, and every failure
 * that is not already `{ error: { code, message } }` (limiter refusals, origin checks, faults
 * outside the endpoint) translated, keeping `Retry-After`, the `RateLimit` fields and `Set-Cookie`.
 */
async function shape(response: Response, route: RestRoute): Promise<Response> {
  const ok = response.status < 400 || response.status in route.responses;
  if (ok) {
    const headers = new Headers(response.headers);
    headers.set('cache-control', JSON_HEADERS['cache-control'] as string);
    headers.set('pragma', 'no-cache');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: translated from the status alone
  }
  const carried = new Headers();
  for (const cookie of response.headers.getSetCookie()) carried.append('set-cookie', cookie);
  for (const name of ['retry-after', 'ratelimit', 'ratelimit-policy']) {
    const value = response.headers.get(name);
    if (value) carried.set(name, value);
  }
  if (isApiErrorBody(body)) {
    return errorResponse(response.status, body.error.code, body.error.message, {
      ...(body.error.details ? { details: body.error.details } : {}),
      headers: carried,
    });
  }
  const failure = translateFailure(response.status, (body ?? {}) as Record<string, unknown>);
  return errorResponse(failure.status, failure.code, failure.message, { headers: carried });
}

/**
 * Wraps Better Auth's handler with the HTTP contract of the REST API (docs/api.md) for the
 * REST paths below `basePath`: 405 with `Allow` for a known path and a wrong method, HEAD for
 * every GET route, 415/413/400 for a JSON body before any endpoint runs, and the
 * `{ error: { code, message, details? } }` shape on every failure. Other paths pass untouched.
 * JSON bodies are capped at `maxBodyBytes` (default 16 KiB).
 */
export function withRestApiHttp(
  handle: FetchHandler,
  basePath: string,
  maxBodyBytes = MAX_BODY_BYTES,
): FetchHandler {
  const prefix = `${basePath}/`;
  return async (request) => {
    const pathname = requestPathname(request.url);
    if (!pathname.startsWith(prefix)) return handle(request);
    const path = pathname.slice(basePath.length);
    const routes = matchRoutes(path);
    if (routes.length === 0) return handle(request);
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route = routes.find((r) => r.method === method);
    if (!route) return methodNotAllowed(routes, path);
    const prepared = await prepare(request, route, maxBodyBytes);
    if (prepared instanceof Response) return prepared;
    const response = await shape(await handle(prepared), route);
    if (request.method !== 'HEAD') return response;
    return new Response(null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
