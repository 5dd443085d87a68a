import type { Router } from 'express';
import express from 'express';
import type { AuthFetchHandler } from '../../settings/auth-settings.js';
import { mountPath } from '../base-path.js';
import { toNodeHandler } from '../node/index.js';

export type { RequireAuthOptions } from '../require-auth-options.js';
export { requireAuth } from './require-auth.js';

/** Options of {@link manaAuthRouter}. */
export interface ManaAuthRouterOptions {
  /** Mount path of the auth API; default the handler's `settings.basePath`, else `/api/v1/auth`. */
  basePath?: string;
}

/**
 * An Express 5 router serving the auth API (the REST facade and Better Auth's routes). Mount it
 * before or after `express.json()`: a body that was parsed already is passed on as JSON.
 * Every `Set-Cookie` is forwarded as its own header; the socket address is the client IP
 * without any configuration (behind a proxy, see `clientIp.trustedProxies`).
 *
 * @example
 * ```ts
 * const app = express();
 * app.use(manaAuthRouter(createAuthApi(auth, { database })));
 * app.listen(3001);
 * ```
 */
export function manaAuthRouter(handler: AuthFetchHandler, options: ManaAuthRouterOptions = {}): Router {
  const basePath = mountPath(handler, options.basePath);
  const router = express.Router();
  const node = toNodeHandler(handler, { basePath });
  router.use(basePath, (req, res, next) => node(req, res, next));
  return router;
}
