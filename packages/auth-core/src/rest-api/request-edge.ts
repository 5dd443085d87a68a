import { errorResponse } from './api-error.js';
import { payloadTooLarge, readBodyLimited } from './request-body.js';
import { requestPathname } from './request-path.js';

type FetchHandler = (request: Request) => Promise<Response>;

/** What {@link withRequestEdge} needs from the settings. */
export interface RequestEdgeOptions {
  /** Largest body read on any route, in bytes. */
  maxBodyBytes: number;
}

/** True when every segment of `pathname` is valid percent-encoded UTF-8. */
export function isDecodablePath(pathname: string): boolean {
  if (!pathname.includes('%')) return true;
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function badEncoding(): Response {
  return errorResponse(
    400,
    'INVALID_ENCODING',
    'The request path is not valid percent-encoded UTF-8; encode "%" as "%25" and send whole UTF-8 sequences.',
  );
}

/**
 * The request with its body read into memory (at most `maxBytes`), or null past the cap. Requests
 * without a body are passed as they are.
 */
async function withBufferedBody(request: Request, maxBytes: number): Promise<Request | null> {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return request;
  const bytes = await readBodyLimited(request, maxBytes);
  if (bytes === null) return null;
  const headers = new Headers(request.headers);
  headers.delete('transfer-encoding');
  headers.set('content-length', String(bytes.byteLength));
  return new Request(request.url, {
    method: request.method,
    headers,
    signal: request.signal,
    ...(bytes.byteLength > 0 ? { body: bytes as BodyInit } : {}),
  });
}

/**
 * The first thing every request meets, before any router or parser (the REST API's and Better
 * Auth's alike): a path that is not valid percent-encoding gets 400 `INVALID_ENCODING`, and a
 * body past `maxBodyBytes` gets 413 `PAYLOAD_TOO_LARGE` without being parsed, counted while it
 * is read, whatever its `Content-Length` said (docs/security.md). Bodies under the cap reach the
 * routes as bytes, so nothing below reads from the socket again.
 */
export function withRequestEdge(handle: FetchHandler, options: RequestEdgeOptions): FetchHandler {
  const { maxBodyBytes } = options;
  return async (request) => {
    if (!isDecodablePath(requestPathname(request.url))) return badEncoding();
    const buffered = await withBufferedBody(request, maxBodyBytes);
    if (buffered === null) return payloadTooLarge(maxBodyBytes);
    return handle(buffered);
  };
}
