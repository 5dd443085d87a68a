import { toNodeHandler as bridge, type NodeMiddleware } from '@mana/internal';
import type { AuthFetchHandler } from '../../settings/auth-settings.js';
import { configuredOrigin, mountPath } from '../base-path.js';

export type { NodeMiddleware, NodeRequest } from '@mana/internal';
export { remoteAddressOf, sendFetchResponse, setRemoteAddress, toFetchRequest } from '@mana/internal';

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /** Mount path of the auth API; default the handler's `settings.basePath`, else `/api/v1/auth`. */
  basePath?: string;
}

/**
 * Serves the auth API from Node `http`, Connect or Express. Requests outside the base path go
 * to `next()` (or get a 404 when there is none). The socket address is the client IP without
 * any configuration (a client-sent header is never believed; behind a proxy see
 * `clientIp.trustedProxies`). Request URLs are built from the handler's `settings.baseURL` and
 * the request line, never from the `Host` header.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * createServer(toNodeHandler(createAuthApi(auth, { database }))).listen(3001);
 * ```
 */
export function toNodeHandler(handler: AuthFetchHandler, options: NodeHandlerOptions = {}): NodeMiddleware {
  const origin = configuredOrigin(handler);
  return bridge(handler, { basePath: mountPath(handler, options.basePath), ...(origin ? { origin } : {}) });
}
