import type { MiddlewareHandler } from 'hono';
import type { ManaAuth } from '../../create-auth.js';
import type { AuthenticatedUser } from '../../tokens/request-authenticator.js';
import {
  type RequireAuthOptions,
  requireAuthAuthenticator,
  UNAUTHORIZED_BODY,
} from '../require-auth-options.js';
import { nodeSocketIp } from './node-socket-ip.js';

/**
 * The context variables `requireAuth()` sets: `c.get('user')`. Type your app with them.
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: ManaAuthVariables }>();
 * ```
 */
export type ManaAuthVariables = {
  /** The authenticated user (Bearer access token or session cookie). */
  user: AuthenticatedUser;
};

/**
 * Hono middleware that lets a request through only with a valid Bearer access token or session
 * cookie and sets `c.get('user')`; anything else gets 401 `{ error: { code: 'UNAUTHORIZED',
 * message } }`. An invalid Bearer token is refused even when a valid cookie is sent too, and
 * reported to the audit log with its route and the socket address of `@hono/node-server` (on other
 * runtimes the client IP of that row is unknown). Options are checked once, here (`ManaAuthConfigError`).
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: ManaAuthVariables }>();
 * app.get('/api/me', requireAuth(auth), (c) => c.json(c.get('user')));
 * ```
 */
export function requireAuth(
  auth: ManaAuth,
  options: RequireAuthOptions = {},
): MiddlewareHandler<{ Variables: ManaAuthVariables }> {
  const authenticate = requireAuthAuthenticator(auth, options);
  return async (c, next) => {
    const request = { method: c.req.method, path: c.req.path, remoteAddress: nodeSocketIp(c.env) };
    const user = await authenticate(c.req.raw.headers, request);
    if (!user) return c.json(UNAUTHORIZED_BODY, 401);
    c.set('user', user);
    await next();
  };
}
