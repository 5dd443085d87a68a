import type { AccessTokenRefusalReason } from '@mana/internal';
import type { BetterAuthPlugin } from 'better-auth';
import type { ClientIpResolver } from '../client-ip/client-ip-resolver.js';
import { notifyPlugins } from '../mana-hooks.js';

/**
 * What the code that authenticates a request knows about it, so that a refused Bearer token
 * leaves an audit row naming the route and the client (`onAccessTokenRefused`). All optional;
 * never a header value.
 *
 * @example
 * ```ts
 * await authenticate(headers, { method: req.method, path: req.path, remoteAddress: req.socket.remoteAddress });
 * ```
 */
export interface RequestFacts {
  /** HTTP method, e.g. `GET`. */
  method?: string | undefined;
  /** Path of the request; a query string is cut off (it may carry secrets). */
  path?: string | undefined;
  /** The socket peer's address; the client IP follows auth-core's `clientIp` rules from it. */
  remoteAddress?: string | undefined;
}

/** Why an `Authorization` header that is not `Bearer <token>` was refused. */
export function authorizationHeaderRefusal(authorization: string): AccessTokenRefusalReason {
  return /^Bearer(\s|$)/i.test(authorization) ? 'malformed' : 'unsupported_scheme';
}

/**
 * Tells the plugins (the audit log) that a Bearer token was refused: reason, method, path
 * without query, client IP and user agent; never the token.
 */
export function reportAccessTokenRefusal(
  plugins: readonly BetterAuthPlugin[] | undefined,
  resolveIp: ClientIpResolver,
  reason: AccessTokenRefusalReason,
  headers: Headers,
  request: RequestFacts | undefined,
): Promise<void> {
  const path = request?.path?.split('?')[0];
  return notifyPlugins(plugins, 'onAccessTokenRefused', {
    reason,
    method: request?.method ?? null,
    path: path || null,
    ip: resolveIp(request?.remoteAddress, headers),
    userAgent: headers.get('user-agent'),
  });
}
