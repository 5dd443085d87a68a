/**
 * The socket address of each request an adapter converted, kept beside the request instead of in
 * a header: a client can send any header, but it cannot reach this map. Module-private, so only
 * in-process code that imports these functions can set or read it.
 */
const remoteAddresses = new WeakMap<Request, string>();

/**
 * Records the address of the TCP peer that sent `request` (`req.socket.remoteAddress` in Node,
 * `server.requestIP(req)` in Bun, `info.remoteAddr.hostname` in Deno). `createAuth`'s handler
 * resolves the client IP from it (docs/configuration.md, `clientIp`). Returns the request.
 *
 * @example
 * ```ts
 * Bun.serve({ fetch: (req, server) => handler(setRemoteAddress(req, server.requestIP(req)?.address)) });
 * ```
 */
export function setRemoteAddress(request: Request, address: string | null | undefined): Request {
  if (address) remoteAddresses.set(request, address);
  else remoteAddresses.delete(request);
  return request;
}

/**
 * The peer address recorded for `request` with {@link setRemoteAddress}, or undefined when the
 * request did not come through an adapter.
 *
 * @example
 * ```ts
 * remoteAddressOf(toFetchRequest(req)); // '127.0.0.1'
 * ```
 */
export function remoteAddressOf(request: Request): string | undefined {
  return remoteAddresses.get(request);
}
