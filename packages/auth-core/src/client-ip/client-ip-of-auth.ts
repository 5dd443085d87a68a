import { type ClientIpResolver, createClientIpResolver } from './client-ip-resolver.js';

// The `clientIp` rules of each auth instance, for code that sees requests outside its handler
// (the request authenticator behind requireAuth and the Nest guard), so that an audit row of a
// refused token names the same client IP as the limiter would.
const RESOLVERS = new WeakMap<object, ClientIpResolver>();
const SOCKET_ONLY = createClientIpResolver();

/** Records the resolver `createAuth` built from `config.clientIp` for `auth`. */
export function registerClientIpResolver(auth: object, resolve: ClientIpResolver): void {
  RESOLVERS.set(auth, resolve);
}

/**
 * The client-IP resolver of `auth`: its `clientIp` rules, or the socket address alone for an
 * instance `createAuth` did not build. For routes outside `auth.handler` that must judge the
 * client as the limiter does (an internal endpoint open to loopback only, your own limits).
 *
 * @example
 * ```ts
 * const clientIp = clientIpResolverOf(auth)(req.socket.remoteAddress, headers); // '203.0.113.7' or null
 * ```
 */
export function clientIpResolverOf(auth: object): ClientIpResolver {
  return RESOLVERS.get(auth) ?? SOCKET_ONLY;
}
