import type { RequestHandler } from 'express';
import type { ManaAuth } from '../../create-auth.js';
import type { AuthenticatedUser } from '../../tokens/request-authenticator.js';
import {
  type RequireAuthOptions,
  requireAuthAuthenticator,
  UNAUTHORIZED_BODY,
} from '../require-auth-options.js';

declare global {
  namespace Express {
    /** The user `requireAuth()` authenticated (the same slot Passport uses). */
    interface User extends AuthenticatedUser {}
    interface Request {
      /** Set by `requireAuth()` from `@mana/auth-core/express`. */
      user?: User;
    }
  }
}

/** Node headers as Fetch `Headers` (repeated headers joined, as HTTP allows). */
function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  return headers;
}

/**
 * Express middleware that lets a request through only with a valid Bearer access token or session
 * cookie and puts the user on `req.user`; anything else gets 401
 * `{ error: { code: 'UNAUTHORIZED', message } }`. An invalid Bearer token is refused even when a
 * valid cookie is sent too, and reported to the audit log with its route and socket address.
 * Options are checked once, here (`ManaAuthConfigError`).
 *
 * @example
 * ```ts
 * app.get('/api/me', requireAuth(auth), (req, res) => res.json(req.user));
 * app.use('/api/private', requireAuth(auth));
 * ```
 */
export function requireAuth(auth: ManaAuth, options: RequireAuthOptions = {}): RequestHandler {
  const authenticate = requireAuthAuthenticator(auth, options);
  return (req, res, next) => {
    const request = { method: req.method, path: req.originalUrl, remoteAddress: req.socket.remoteAddress };
    authenticate(headersOf(req.headers), request)
      .then((user) => {
        if (!user) {
          res.status(401).json(UNAUTHORIZED_BODY);
          return;
        }
        req.user = user;
        next();
      })
      .catch(next);
  };
}
