import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { setRemoteAddress } from './remote-address.js';

/** A Node request, possibly with a body another middleware already parsed (Express). */
export type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

/** A Node `(req, res, next?)` handler: plain `http`, Connect or Express middleware. */
export type NodeMiddleware = (
  req: NodeRequest,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** Options of {@link toFetchRequest}. */
export interface FetchRequestOptions {
  /**
   * Scheme, host and port of every request URL, from the configured base URL (e.g.
   * `https://auth.example.com`). Default `http://localhost`. The `Host` header never chooses it:
   * a client could otherwise re-route requests or change the links built from the URL.
   */
  origin?: string;
}

/** `origin` + the path and query of the request line; a request target that is not a path is `/`. */
function requestUrl(req: NodeRequest, origin: string): string {
  const target = req.originalUrl ?? req.url ?? '/';
  // Absolute-form targets (`GET http://other/ HTTP/1.1`) and `*` choose no origin either.
  if (!target.startsWith('/') || target.startsWith('//')) return `${origin}/`;
  const url = new URL(target, origin);
  return url.origin === origin ? url.href : `${origin}/`;
}

/**
 * Converts a Node request into a Fetch `Request` whose URL is `options.origin` plus the path of
 * the request line (never the `Host` header). The socket address is recorded beside the request
 * (`remoteAddressOf(request)`), never in a header, so a client cannot choose its own IP.
 * A body already parsed by
 * `express.json()` (or similar) is serialised again, so mounting order does not matter.
 *
 * @example
 * ```ts
 * createServer(async (req, res) =>
 *   sendFetchResponse(await handler(toFetchRequest(req, { origin: 'https://auth.example.com' })), res));
 * ```
 */
export function toFetchRequest(req: NodeRequest, options: FetchRequestOptions = {}): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const url = requestUrl(req, new URL(options.origin ?? 'http://localhost').origin);
  const method = req.method ?? 'GET';
  const request =
    method === 'GET' || method === 'HEAD'
      ? new Request(url, { method, headers })
      : new Request(url, { method, headers, ...bodyOf(req, headers) });
  return setRemoteAddress(request, req.socket.remoteAddress);
}

function bodyOf(req: NodeRequest, headers: Headers): RequestInit & { duplex?: 'half' } {
  if (req.body === undefined) return { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' };
  const parsed = req.body;
  headers.delete('content-length');
  if (typeof parsed === 'string') return { body: parsed };
  if (Buffer.isBuffer(parsed)) return { body: new Uint8Array(parsed) };
  // express.json() parsed it already: send the same JSON again.
  return { body: JSON.stringify(parsed) };
}

/**
 * Writes a Fetch `Response` to a Node response, every `Set-Cookie` as its own header. Given the
 * request, a request body that was not read to its end closes the connection after the answer.
 *
 * @example
 * ```ts
 * await sendFetchResponse(new Response('ok'), res);
 * ```
 */
export async function sendFetchResponse(
  response: Response,
  res: ServerResponse,
  req?: IncomingMessage,
): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  // A body left unread (refused as too large) is not drained: the connection ends with the answer.
  if (req && !req.complete) res.setHeader('connection', 'close');
  res.end(body);
}

/**
 * True when `path` is `basePath` or below it (`/api/v1/auth`, `/api/v1/auth/login`, not
 * `/api/v1/authx`).
 *
 * @example
 * ```ts
 * isUnderBasePath('/api/v1/auth/login', '/api/v1/auth'); // true
 * ```
 */
export function isUnderBasePath(path: string, basePath: string): boolean {
  return path === basePath || path.startsWith(`${basePath}/`);
}

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerBridgeOptions extends FetchRequestOptions {
  /** Requests whose path is `basePath` or below it are served; others go to `next()`. */
  basePath: string;
}

/**
 * Serves a Fetch handler from Node `http`, Connect or Express for paths under `basePath`.
 * Other requests go to `next()` (or get a 404 when there is none); a handler that throws goes
 * to `next(error)` (or a bare 500). Request URLs are built from `origin` (see
 * {@link toFetchRequest}).
 *
 * @example
 * ```ts
 * createServer(toNodeHandler(handler, { basePath: '/api/v1/auth', origin: 'https://auth.example.com' })).listen(3001);
 * ```
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
  options: NodeHandlerBridgeOptions,
): NodeMiddleware {
  const { basePath, origin } = options;
  const requestOptions = origin ? { origin } : {};
  return (req, res, next) => {
    const path = (req.originalUrl ?? req.url ?? '/').split('?')[0]!;
    if (!isUnderBasePath(path, basePath)) {
      if (next) return next();
      res.statusCode = 404;
      res.end();
      return;
    }
    Promise.resolve()
      .then(() => handler(toFetchRequest(req, requestOptions)))
      .then((response) => sendFetchResponse(response, res, req))
      .catch((error: unknown) => {
        if (next) return next(error);
        res.statusCode = 500;
        res.end();
      });
  };
}
